#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "linter/model.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"expired-allow",
     "{0} on \"{1}\" holds only before {2}, a date already past: the condition never holds again, so this Allow "
     "grants nothing"},
    {"expired-deny",
     "{0} on \"{1}\" holds only before {2}, a date already past: the condition never holds again, so this Deny "
     "denies nothing"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-currenttime",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-epochtime"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM127",
    .name = "expired-date-condition",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A DateLessThan condition on the current time names a date already past.",
    .description = "Flags `DateLessThan` and `DateLessThanEquals` (with or without `IfExists`) on `aws:CurrentTime` "
                   "or `aws:EpochTime`, and `NumericLessThan(Equals)` on `aws:EpochTime`, when every listed date is "
                   "earlier than the clock of the machine running iamlint. Dates are ISO 8601 (a date, or a date "
                   "and time with `Z` or an offset) or epoch seconds; values holding a policy variable are skipped.",
    .rationale = "A time window that has closed makes its statement dead: an `Allow` that was temporary access grants "
                 "nothing any more, and a `Deny` that was a freeze until a date denies nothing. The statement still "
                 "reads as if it mattered, which misleads reviews and hides the expired grant's intent.",
    .fix = "Remove the statement if the window is over, or move the date if the window was meant to continue.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int64_t number(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Epoch seconds of an ISO 8601 date or date-time, or of a plain number of seconds; nullopt when unreadable.
std::optional<int64_t> epoch_of(std::string_view s) {
  if (digits(s)) return s.size() <= 12 ? std::optional<int64_t>(number(s)) : std::nullopt;
  if (s.size() < 10 || !digits(s.substr(0, 4)) || s[4] != '-' || !digits(s.substr(5, 2)) || s[7] != '-' ||
      !digits(s.substr(8, 2))) {
    return std::nullopt;
  }
  int64_t t = days_from_civil(number(s.substr(0, 4)), number(s.substr(5, 2)), number(s.substr(8, 2))) * 86400;
  s.remove_prefix(10);
  if (s.empty()) return t;
  if (s[0] != 'T' && s[0] != 't') return std::nullopt;
  s.remove_prefix(1);
  if (s.size() < 5 || !digits(s.substr(0, 2)) || s[2] != ':' || !digits(s.substr(3, 2))) return std::nullopt;
  t += number(s.substr(0, 2)) * 3600 + number(s.substr(3, 2)) * 60;
  s.remove_prefix(5);
  if (s.size() >= 3 && s[0] == ':' && digits(s.substr(1, 2))) {
    t += number(s.substr(1, 2));
    s.remove_prefix(3);
    while (!s.empty() && (s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) s.remove_prefix(1);
  }
  if (s.empty() || s == "Z" || s == "z") return t;
  if (s[0] != '+' && s[0] != '-') return std::nullopt;
  int64_t sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  std::string_view hours, minutes;
  if (s.size() == 5 && s[2] == ':') {
    hours = s.substr(0, 2);
    minutes = s.substr(3, 2);
  } else if (s.size() == 4) {
    hours = s.substr(0, 2);
    minutes = s.substr(2, 2);
  } else if (s.size() == 2) {
    hours = s;
  } else {
    return std::nullopt;
  }
  if (!digits(hours) || (!minutes.empty() && !digits(minutes))) return std::nullopt;
  // 10:00+02:00 is 08:00Z
  return t - sign * (number(hours) * 3600 + (minutes.empty() ? 0 : number(minutes) * 60));
}

class ExpiredDateCondition final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow && s.effect != linter::Effect::Deny) return;
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& key) {
      if (parsed.qualifier != linter::ConditionQualifier::None) return;
      bool current = linter::iequals(key.key, "aws:CurrentTime"), epoch = linter::iequals(key.key, "aws:EpochTime");
      bool date_op = parsed.base == "DateLessThan" || parsed.base == "DateLessThanEquals";
      bool numeric_op = parsed.base == "NumericLessThan" || parsed.base == "NumericLessThanEquals";
      if (!((current || epoch) && date_op) && !(epoch && numeric_op)) return;
      const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
      const Node* latest = nullptr;
      int64_t latest_time = 0;
      bool all_past = true;
      linter::for_each_value(*policy.tree, key, [&](const Node& v) {
        std::optional<int64_t> t;
        if (v.is_string() || v.type == linter::JsonType::Number) t = epoch_of(v.text);
        if (!t || *t >= now) {
          all_past = false;
          return;
        }
        if (latest == nullptr || *t > latest_time) {
          latest = &v;
          latest_time = *t;
        }
      });
      if (!all_past || latest == nullptr) return;
      out.report(key, s.effect == linter::Effect::Allow ? "expired-allow" : "expired-deny",
                 {op.key, key.key, latest->text}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_expired_date_condition() { return std::make_unique<ExpiredDateCondition>(); }

}  // namespace iamlint::rules
