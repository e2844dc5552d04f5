#include "linter/rule.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace iamlint::linter {

namespace {
constexpr std::array<std::string_view, 4> kSeverityNames = {"error", "security", "warning", "suggestion"};
constexpr std::array<std::string_view, 5> kCategoryNames = {"structure", "validity", "security", "hygiene",
                                                            "semantic"};
}  // namespace

std::string_view severity_name(Severity s) noexcept { return kSeverityNames[static_cast<int>(s)]; }

std::optional<Severity> parse_severity(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

std::string_view category_name(Category c) noexcept { return kCategoryNames[static_cast<int>(c)]; }

namespace {

// A message quotes the values it is about; a hostile value (a 10 MB Resource) must not make a 10 MB line in every
// output. Past this many bytes an argument is cut, at a character's start, and says how long it was
// (docs/limits.md).
constexpr std::size_t kMaxMessageArgument = 1000;

void append_argument(std::string& out, std::string_view arg) {
  if (arg.size() <= kMaxMessageArgument) {
    out += arg;
    return;
  }
  std::size_t cut = kMaxMessageArgument;
  while (cut > 0 && (static_cast<unsigned char>(arg[cut]) & 0xC0) == 0x80) --cut;
  out.append(arg.substr(0, cut)).append("… (").append(std::to_string(arg.size())).append(" bytes)");
}

}  // namespace

std::string format_message(std::string_view text, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9') {
      std::size_t k = static_cast<std::size_t>(text[i + 1] - '0');
      if (k < args.size()) append_argument(out, args.begin()[k]);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void Reporter::report(const Node& node, std::string_view message_id, std::initializer_list<std::string_view> args,
                      Part part) {
  for (const MessageDef& m : rule_->messages) {
    if (m.id == message_id) {
      out_.push_back(RawFinding{rule_, &node, part, m.id, format_message(m.text, args), std::nullopt});
      return;
    }
  }
  // A rule reporting a message it does not declare is a programming error the registry test catches.
  throw std::logic_error(std::string(rule_->id) + " has no message '" + std::string(message_id) + "'");
}

void Reporter::report_at(Severity severity, const Node& node, std::string_view message_id,
                         std::initializer_list<std::string_view> args, Part part) {
  report(node, message_id, args, part);
  out_.back().severity = severity;
}

}  // namespace iamlint::linter
