#include "linter/report.hpp"

#include <cstdio>

namespace iamlint::linter {

std::string_view property_verdict_name(PropertyVerdict v) noexcept {
  switch (v) {
    case PropertyVerdict::Proved: return "proved";
    case PropertyVerdict::Refuted: return "refuted";
    case PropertyVerdict::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view node_kind_name(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::Account: return "account";
    case NodeKind::User: return "user";
    case NodeKind::Group: return "group";
    case NodeKind::Role: return "role";
    case NodeKind::Service: return "service";
    case NodeKind::Resource: return "resource";
    case NodeKind::Anyone: return "anyone";
  }
  return "resource";
}

std::string_view edge_kind_name(EdgeKind k) noexcept {
  switch (k) {
    case EdgeKind::Member: return "member";
    case EdgeKind::Assume: return "assume";
    case EdgeKind::Access: return "access";
    case EdgeKind::Escalate: return "escalate";
  }
  return "access";
}

bool fails_run(const Report& report, Severity severity) noexcept {
  return !report.fail_none && at_or_above(severity, report.fail_on);
}

std::size_t failing_properties(const Report& report) noexcept {
  std::size_t n = 0;
  for (const PropertyReport& p : report.properties) n += p.as_expected ? 0 : 1;
  return n;
}

int run_exit_code(bool failing, bool incomplete, int incomplete_exit) noexcept {
  int code = failing ? 1 : 0;
  if (incomplete && incomplete_exit > code) code = incomplete_exit;
  return code;
}

std::string audit_finding_doc_url(std::string_view kind) {
  return std::string(kDocsBase) + "docs/audit.md#" + std::string(kind);
}

std::string rule_docs_url(const RuleMeta& rule) {
  std::string url = kDocsBase;
  url.append("docs/rules/").append(rule.id).append("-").append(rule.name).append(".md");
  return url;
}

std::string describe_request(const RequestStep& step) {
  std::string out = step.principal.empty() ? "an anonymous principal" : step.principal;
  if (!step.principal_note.empty()) out.append(" (").append(step.principal_note).append(")");
  out.append(step.allowed ? " may " : " may not ").append(step.action).append(" on ").append(step.resource);
  const char* sep = " with ";
  for (const auto& [key, values] : step.context) {
    out.append(sep).append(key);
    sep = ", ";
    if (values.empty()) continue;
    out += '=';
    for (std::size_t i = 0; i < values.size(); ++i) out.append(i ? "|" : "").append(values[i]);
  }
  out.append(": ").append(step.decision);
  if (!step.reason.empty()) out.append(" (").append(step.reason).append(")");
  return out;
}

std::string uri_encode_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char tmp[4];
      std::snprintf(tmp, sizeof tmp, "%%%02X", c);
      out += tmp;
    }
  }
  return out;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    bool ok = n != 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    static constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && n > 1) ok = cp >= kLeast[n] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace iamlint::linter
