#include <fstream>
#include "tests/json_schema.hpp"

#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string_view>

namespace iamlint::testing {

namespace {

using nlohmann::json;

// Keywords that only describe: nothing to check.
const std::set<std::string_view> kAnnotations = {"$schema", "id",       "$id",      "title",      "description",
                                                 "default", "examples", "$comment", "definitions"};
// Keywords this validator checks. Any other is a fault of the schema (or of this validator), never ignored.
const std::set<std::string_view> kAssertions = {"$ref",
                                                "type",
                                                "enum",
                                                "const",
                                                "properties",
                                                "patternProperties",
                                                "additionalProperties",
                                                "required",
                                                "items",
                                                "minItems",
                                                "maxItems",
                                                "uniqueItems",
                                                "minLength",
                                                "maxLength",
                                                "minimum",
                                                "maximum",
                                                "pattern",
                                                "format",
                                                "anyOf",
                                                "oneOf",
                                                "allOf",
                                                "not"};
const std::set<std::string_view> kTypes = {"null", "boolean", "object", "array", "number", "string", "integer"};
const std::set<std::string_view> kFormats = {"uri", "uri-reference", "date-time"};

std::string escape_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string child(const std::string& pointer, std::string_view key) { return pointer + "/" + escape_token(key); }
std::string child(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

bool has_type(const json& v, std::string_view type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  }
  return false;
}

// RFC 3986: only the characters a URI may hold, '%' only before two hex digits.
bool is_uri_reference(std::string_view s) {
  static constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=";
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) || kAllowed.find(static_cast<char>(c)) != std::string_view::npos) continue;
    if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

bool is_uri(std::string_view s) {
  static const std::regex kScheme("^[A-Za-z][A-Za-z0-9+.-]*:");
  return is_uri_reference(s) && std::regex_search(s.begin(), s.end(), kScheme);
}

bool is_date_time(const std::string& s) {
  static const std::regex kDateTime(
      R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt])"
      R"(([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$)");
  return std::regex_search(s, kDateTime);
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  // The schema's own faults, found by walking every place that holds a schema.
  void check_schema(const json& s, const std::string& at) {
    if (s.is_boolean()) return;
    if (!s.is_object()) {
      fault(at, "a schema must be an object or a boolean");
      return;
    }
    for (const auto& [key, value] : s.items()) {
      if (!kAnnotations.contains(key) && !kAssertions.contains(key)) fault(at, "unknown keyword '" + key + "'");
    }
    auto each_member = [&](const char* key) {
      if (!s.contains(key)) return;
      if (!s[key].is_object()) return fault(child(at, key), "must be an object of schemas");
      for (const auto& [name, sub] : s[key].items()) check_schema(sub, child(child(at, key), name));
    };
    auto each_element = [&](const char* key) {
      if (!s.contains(key)) return;
      if (!s[key].is_array() || s[key].empty()) return fault(child(at, key), "must be a non-empty array of schemas");
      for (std::size_t i = 0; i < s[key].size(); ++i) check_schema(s[key][i], child(child(at, key), i));
    };
    each_member("definitions");
    each_member("properties");
    each_member("patternProperties");
    each_element("anyOf");
    each_element("oneOf");
    each_element("allOf");
    if (s.contains("patternProperties") && s["patternProperties"].is_object()) {
      for (const auto& [pattern, sub] : s["patternProperties"].items()) regex(pattern, child(at, "patternProperties"));
    }
    if (s.contains("additionalProperties")) check_schema(s["additionalProperties"], child(at, "additionalProperties"));
    if (s.contains("not")) check_schema(s["not"], child(at, "not"));
    if (s.contains("items")) {
      if (s["items"].is_array()) fault(child(at, "items"), "an array of item schemas is not supported");
      else check_schema(s["items"], child(at, "items"));
    }
    if (s.contains("$ref") && resolve(s["$ref"]) == nullptr) {
      fault(child(at, "$ref"), "does not resolve: " + s["$ref"].dump());
    }
    if (s.contains("type")) {
      const json& t = s["type"];
      json types = t.is_array() ? t : json::array({t});
      for (const json& name : types) {
        if (!name.is_string() || !kTypes.contains(name.get<std::string>())) {
          fault(child(at, "type"), "unknown type " + name.dump());
        }
      }
    }
    if (s.contains("format") && (!s["format"].is_string() || !kFormats.contains(s["format"].get<std::string>()))) {
      fault(child(at, "format"), "format " + s["format"].dump() + " cannot be checked by this validator");
    }
    if (s.contains("pattern")) {
      if (s["pattern"].is_string()) regex(s["pattern"].get<std::string>(), child(at, "pattern"));
      else fault(child(at, "pattern"), "must be a string");
    }
    if (s.contains("enum") && !s["enum"].is_array()) fault(child(at, "enum"), "must be an array");
    if (s.contains("required")) {
      bool ok = s["required"].is_array();
      for (const json& r : ok ? s["required"] : json::array()) ok = ok && r.is_string();
      if (!ok) fault(child(at, "required"), "must be an array of strings");
    }
    for (const char* key : {"minItems", "maxItems", "minLength", "maxLength"}) {
      if (s.contains(key) && !s[key].is_number_unsigned()) fault(child(at, key), "must be a non-negative integer");
    }
    for (const char* key : {"minimum", "maximum"}) {
      if (s.contains(key) && !s[key].is_number()) fault(child(at, key), "must be a number");
    }
    if (s.contains("uniqueItems") && !s["uniqueItems"].is_boolean())
      fault(child(at, "uniqueItems"), "must be a boolean");
  }

  void validate(const json& s, const json& v, const std::string& at, const std::string& schema_at,
                std::vector<std::string>& errors) {
    auto error = [&](std::string_view keyword, const std::string& what) {
      errors.push_back(at + ": " + what + " (" + child(schema_at, keyword) + ")");
    };
    if (s.is_boolean()) {
      if (!s.get<bool>()) errors.push_back(at + ": no value is allowed here (" + schema_at + ")");
      return;
    }
    // As draft-04 and draft-07 say, a $ref replaces whatever stands beside it.
    if (s.contains("$ref")) {
      std::string ref = s["$ref"].get<std::string>();
      return validate(*resolve(s["$ref"]), v, at, ref, errors);
    }
    if (s.contains("type")) {
      const json& t = s["type"];
      bool ok = false;
      for (const json& name : t.is_array() ? t : json::array({t})) ok = ok || has_type(v, name.get<std::string>());
      if (!ok) error("type", "a " + std::string(v.type_name()) + " where the schema wants " + t.dump());
      if (!ok) return;
    }
    if (s.contains("enum")) {
      bool ok = false;
      for (const json& e : s["enum"]) ok = ok || e == v;
      if (!ok) error("enum", v.dump() + " is not one of " + s["enum"].dump());
    }
    if (s.contains("const") && s["const"] != v) error("const", v.dump() + " is not " + s["const"].dump());
    if (v.is_object()) validate_object(s, v, at, schema_at, errors);
    if (v.is_array()) {
      if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>()) {
        error("minItems", "has " + std::to_string(v.size()) + " items, fewer than " + s["minItems"].dump());
      }
      if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>()) {
        error("maxItems", "has " + std::to_string(v.size()) + " items, more than " + s["maxItems"].dump());
      }
      if (s.value("uniqueItems", false)) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          for (std::size_t j = i + 1; j < v.size(); ++j) {
            if (v[i] == v[j])
              error("uniqueItems", "items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
          }
        }
      }
      if (s.contains("items")) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          validate(s["items"], v[i], child(at, i), child(schema_at, "items"), errors);
        }
      }
    }
    if (v.is_string()) {
      const std::string& text = v.get_ref<const std::string&>();
      if (s.contains("minLength") && code_points(text) < s["minLength"].get<std::size_t>()) {
        error("minLength", "is shorter than " + s["minLength"].dump());
      }
      if (s.contains("maxLength") && code_points(text) > s["maxLength"].get<std::size_t>()) {
        error("maxLength", "is longer than " + s["maxLength"].dump());
      }
      if (s.contains("pattern") && !std::regex_search(text, regex(s["pattern"].get<std::string>(), schema_at))) {
        error("pattern", v.dump() + " does not match " + s["pattern"].dump());
      }
      if (s.contains("format")) {
        std::string format = s["format"].get<std::string>();
        bool ok = format == "uri"             ? is_uri(text)
                  : format == "uri-reference" ? is_uri_reference(text)
                                              : is_date_time(text);
        if (!ok) error("format", v.dump() + " is not a " + format);
      }
    }
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) {
        error("minimum", v.dump() + " is less than " + s["minimum"].dump());
      }
      if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) {
        error("maximum", v.dump() + " is more than " + s["maximum"].dump());
      }
    }
    validate_combinations(s, v, at, schema_at, errors);
  }

  std::vector<std::string> faults;

 private:
  void fault(const std::string& at, const std::string& what) { faults.push_back("schema #" + at + ": " + what); }

  const json* resolve(const json& ref) const {
    if (!ref.is_string()) return nullptr;
    const std::string& r = ref.get_ref<const std::string&>();
    if (r.empty() || r[0] != '#') return nullptr;
    try {
      json::json_pointer p(r.substr(1));
      return root_.contains(p) ? &root_.at(p) : nullptr;
    } catch (const json::exception&) {
      return nullptr;
    }
  }

  const std::regex& regex(const std::string& pattern, const std::string& at) {
    auto it = regexes_.find(pattern);
    if (it != regexes_.end()) return it->second;
    try {
      return regexes_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first->second;
    } catch (const std::regex_error&) {
      fault(at, "pattern " + json(pattern).dump() + " is not an ECMAScript regular expression");
      return regexes_.emplace(pattern, std::regex("(?!)")).first->second;
    }
  }

  void validate_object(const json& s, const json& v, const std::string& at, const std::string& schema_at,
                       std::vector<std::string>& errors) {
    if (s.contains("required")) {
      for (const json& name : s["required"]) {
        if (!v.contains(name.get<std::string>())) {
          errors.push_back(at + ": lacks the required property " + name.dump() + " (" + child(schema_at, "required") +
                           ")");
        }
      }
    }
    for (const auto& [key, value] : v.items()) {
      bool matched = false;
      if (s.contains("properties") && s["properties"].contains(key)) {
        matched = true;
        validate(s["properties"][key], value, child(at, key), child(child(schema_at, "properties"), key), errors);
      }
      if (s.contains("patternProperties")) {
        for (const auto& [pattern, sub] : s["patternProperties"].items()) {
          if (!std::regex_search(key, regex(pattern, schema_at))) continue;
          matched = true;
          validate(sub, value, child(at, key), child(child(schema_at, "patternProperties"), pattern), errors);
        }
      }
      if (!matched && s.contains("additionalProperties")) {
        const json& extra = s["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) {
          errors.push_back(child(at, key) + ": is not a property the schema allows (" +
                           child(schema_at, "additionalProperties") + ")");
        } else {
          validate(extra, value, child(at, key), child(schema_at, "additionalProperties"), errors);
        }
      }
    }
  }

  void validate_combinations(const json& s, const json& v, const std::string& at, const std::string& schema_at,
                             std::vector<std::string>& errors) {
    for (const char* key : {"anyOf", "oneOf", "allOf"}) {
      if (!s.contains(key)) continue;
      std::size_t passed = 0;
      std::string why;
      for (std::size_t i = 0; i < s[key].size(); ++i) {
        std::vector<std::string> branch;
        validate(s[key][i], v, at, child(child(schema_at, key), i), branch);
        if (branch.empty()) ++passed;
        else why += (why.empty() ? "" : "; ") + branch.front();
      }
      std::string_view k = key;
      bool ok = k == "anyOf" ? passed != 0 : k == "oneOf" ? passed == 1 : passed == s[key].size();
      if (!ok) {
        errors.push_back(at + ": matches " + std::to_string(passed) + " of the " + std::to_string(s[key].size()) +
                         " schemas of " + key + " (" + child(schema_at, key) + ")" + (why.empty() ? "" : ": " + why));
      }
    }
    if (s.contains("not")) {
      std::vector<std::string> branch;
      validate(s["not"], v, at, child(schema_at, "not"), branch);
      if (branch.empty()) errors.push_back(at + ": matches the schema it must not (" + child(schema_at, "not") + ")");
    }
  }

  const json& root_;
  std::map<std::string, std::regex, std::less<>> regexes_;
};

}  // namespace

std::vector<std::string> validate_json_schema(const nlohmann::json& schema, const nlohmann::json& doc) {
  Validator v(schema);
  v.check_schema(schema, "");
  if (!v.faults.empty()) return v.faults;
  std::vector<std::string> errors;
  v.validate(schema, doc, "", "#", errors);
  return errors;
}

std::vector<std::string> sarif_errors(const std::string& text) {
  static const nlohmann::json schema = [] {
    std::ifstream in(std::string(IAMLINT_SOURCE_DIR) + "/tests/data/sarif-schema-2.1.0.json");
    return nlohmann::json::parse(in);
  }();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return {std::string("not JSON: ") + e.what()};
  }
  return validate_json_schema(schema, doc);
}

}  // namespace iamlint::testing
