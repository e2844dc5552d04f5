// The rule interface. A rule is a stateless object with its metadata as constexpr data; the engine walks a document
// once and calls each rule on the nodes it subscribed to. Rules report (node, message id, arguments).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model.hpp"
#include "linter/rule_options.hpp"

namespace iamlint::linter {

// Access Analyzer's four finding types, most severe first.
enum class Severity : uint8_t { Error, Security, Warning, Suggestion };
std::string_view severity_name(Severity s) noexcept;
std::optional<Severity> parse_severity(std::string_view name) noexcept;
// true when `s` is at least as severe as `threshold`.
inline bool at_or_above(Severity s, Severity threshold) noexcept { return s <= threshold; }

enum class Category : uint8_t { Structure, Validity, Security, Hygiene, Semantic };
std::string_view category_name(Category c) noexcept;

struct MessageDef {
  std::string_view id;    // kebab-case, stable: used in fixtures and output
  std::string_view text;  // with {0}, {1}… for arguments
};

struct Equivalent {
  std::string_view tool;  // "Access Analyzer"
  std::string_view code;  // "MISSING_VERSION"
};

// An option a rule reads from the configuration (docs/configuration.md).
struct OptionDef {
  std::string_view name;         // kebab-case, as written under the rule's `options:`
  std::string_view description;  // what it holds and what it changes
};

struct RuleMeta {
  std::string_view id;       // IAM + 3 digits, never reused
  std::string_view name;     // kebab-case name of the flagged pattern
  Severity severity;         // the default
  Category category;
  std::string_view summary;  // one line
  std::string_view description;  // what it flags, in a paragraph
  std::string_view rationale;    // why it matters
  std::string_view fix;          // what to write instead
  std::span<const MessageDef> messages;
  std::span<const Equivalent> equivalents;
  std::span<const std::string_view> references;  // AWS documentation links
  std::span<const OptionDef> options = {};         // the options it reads, if any
};

// What a finding points at: a value token, or the key token of an object member.
enum class Part : uint8_t { Value, Key };

struct RawFinding {
  const RuleMeta* rule = nullptr;
  const Node* node = nullptr;
  Part part = Part::Value;
  std::string_view message_id;
  std::string message;
  std::optional<Severity> severity;  // set when a rule lowers (or raises) its default for this finding
};

class Reporter {
 public:
  explicit Reporter(std::vector<RawFinding>& out) : out_(out) {}
  void set_rule(const RuleMeta* rule, const RuleOptions* options = nullptr) noexcept {
    rule_ = rule;
    options_ = options;
  }
  // The current rule's options from the configuration (docs/configuration.md); empty when it sets none.
  const RuleOptions& options() const noexcept { return options_ != nullptr ? *options_ : RuleOptions::none(); }
  // Formats the rule's message `message_id` with `args` in place of {0}, {1}, …
  void report(const Node& node, std::string_view message_id, std::initializer_list<std::string_view> args = {},
              Part part = Part::Value);
  // As report(), at another severity than the rule's default: a security rule whose statement is narrowed by a
  // condition it recognises reports at a lower level, with a message that says why.
  void report_at(Severity severity, const Node& node, std::string_view message_id,
                 std::initializer_list<std::string_view> args = {}, Part part = Part::Value);

 private:
  std::vector<RawFinding>& out_;
  const RuleMeta* rule_ = nullptr;
  const RuleOptions* options_ = nullptr;
};

// The nodes a rule can subscribe to.
enum Hook : uint32_t {
  kHookDocument = 1u << 0,   // once per document
  kHookStatement = 1u << 1,  // each statement (any JSON type)
  kHookNode = 1u << 2,       // every JSON node of the document, in document order
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const noexcept = 0;
  virtual uint32_t hooks() const noexcept = 0;
  virtual void check_document(const Policy&, Reporter&) const {}
  virtual void check_statement(const Policy&, const Statement&, Reporter&) const {}
  virtual void check_node(const Policy&, const Node&, Reporter&) const {}
};

std::string format_message(std::string_view text, std::initializer_list<std::string_view> args);

}  // namespace iamlint::linter
