// The strict scanner behind every JSON error message. It runs only on documents simdjson refused, so it is written
// for clear messages, not speed; it keeps its own stack so that hostile nesting cannot exhaust the call stack.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "linter/json_loader.hpp"

namespace iamlint::linter {

namespace {

class Scanner {
 public:
  Scanner(std::string_view text, const LoadLimits& limits) : t_(text), limits_(limits) {}

  std::optional<InputError> run() {
    if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    skip_ws();
    if (i_ >= t_.size()) {
      fail(i_, "empty document: expected a JSON value");
    } else if (value()) {
      skip_ws();
      if (i_ < t_.size()) fail(i_, "unexpected " + describe(i_) + " after the end of the JSON value");
    }
    return error_;
  }

 private:
  enum class Frame : char { Object, Array };

  std::optional<InputError> error_;
  std::string_view t_;
  const LoadLimits& limits_;
  std::size_t i_ = 0;
  std::vector<std::pair<Frame, std::size_t>> stack_;  // container kind and where it opened

  bool fail(std::size_t at, std::string message) {
    error_ = InputError{static_cast<uint32_t>(at), std::move(message)};
    return false;
  }

  std::string describe(std::size_t at) const {
    if (at >= t_.size()) return "end of input";
    unsigned char c = static_cast<unsigned char>(t_[at]);
    if (c == 0) return "NUL byte";
    char buf[32];
    if (c < 0x20 || c >= 0x7F) {
      std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
      return buf;
    }
    std::snprintf(buf, sizeof buf, "character '%c'", c);
    return buf;
  }

  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }

  // Length of the valid UTF-8 sequence at `at`, or 0.
  std::size_t utf8_length(std::size_t at) const {
    auto b = [&](std::size_t k) { return k < t_.size() ? static_cast<unsigned char>(t_[k]) : 0u; };
    unsigned c = b(at);
    auto cont = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(at + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      unsigned c1 = b(at + 1);
      if (c == 0xE0 && c1 < 0xA0) return 0;
      if (c == 0xED && c1 > 0x9F) return 0;  // UTF-16 surrogates
      return cont(at + 1) && cont(at + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      unsigned c1 = b(at + 1);
      if (c == 0xF0 && c1 < 0x90) return 0;
      if (c == 0xF4 && c1 > 0x8F) return 0;
      return cont(at + 1) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    }
    return 0;
  }

  bool string() {
    std::size_t open = i_++;
    while (i_ < t_.size()) {
      unsigned char c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c == '\\') {
        char e = i_ + 1 < t_.size() ? t_[i_ + 1] : '\0';
        if (e == 'u') {
          for (std::size_t k = 2; k < 6; ++k) {
            char h = i_ + k < t_.size() ? t_[i_ + k] : '\0';
            if (!std::isxdigit(static_cast<unsigned char>(h))) return fail(i_, "invalid \\u escape: expected four hex digits");
          }
          // A UTF-16 surrogate must come in a pair, high then low: alone it is no character, and no parser (nor
          // AWS) can turn it into text.
          unsigned unit = static_cast<unsigned>(std::stoul(std::string(t_.substr(i_ + 2, 4)), nullptr, 16));
          if (unit >= 0xDC00 && unit < 0xE000) {
            return fail(i_, "invalid \\u escape: a low surrogate (\\u" + std::string(t_.substr(i_ + 2, 4)) +
                                ") without the high surrogate before it");
          }
          if (unit >= 0xD800 && unit < 0xDC00) {
            bool paired = t_.substr(i_ + 6, 2) == "\\u" && i_ + 12 <= t_.size() &&
                          std::all_of(t_.begin() + static_cast<std::ptrdiff_t>(i_ + 8),
                                      t_.begin() + static_cast<std::ptrdiff_t>(i_ + 12),
                                      [](char h) { return std::isxdigit(static_cast<unsigned char>(h)) != 0; });
            unsigned low = paired ? static_cast<unsigned>(std::stoul(std::string(t_.substr(i_ + 8, 4)), nullptr, 16)) : 0;
            if (!paired || low < 0xDC00 || low >= 0xE000) {
              return fail(i_, "invalid \\u escape: a high surrogate (\\u" + std::string(t_.substr(i_ + 2, 4)) +
                                  ") not followed by a low surrogate (\\uDC00-\\uDFFF)");
            }
            i_ += 12;
            continue;
          }
          i_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0') {
          return fail(i_, "invalid escape sequence in string");
        }
        i_ += 2;
        continue;
      }
      if (c == 0) return fail(i_, "NUL byte in string");
      if (c < 0x20) {
        if (c == '\n') return fail(open, "unterminated string: the line ends before the closing quote");
        return fail(i_, "unescaped control character in string (write it as \\u00" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                            std::string(1, "0123456789ABCDEF"[c & 15]) + ")");
      }
      std::size_t n = utf8_length(i_);
      if (n == 0) return fail(i_, "invalid UTF-8 " + describe(i_) + " in string");
      i_ += n;
    }
    return fail(open, "unterminated string: the input ends before the closing quote");
  }

  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return fail(i_, "invalid literal: expected '" + std::string(word) + "'");
    i_ += word.size();
    return true;
  }

  bool number() {
    std::size_t start = i_;
    auto digit = [&] { return i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9'; };
    if (t_[i_] == '-') ++i_;
    if (!digit()) return fail(start, "invalid number: expected a digit");
    if (t_[i_] == '0') {
      ++i_;
      if (digit()) return fail(start, "invalid number: leading zeros are not allowed");
    } else {
      while (digit()) ++i_;
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (!digit()) return fail(i_, "invalid number: expected a digit after the decimal point");
      while (digit()) ++i_;
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (!digit()) return fail(i_, "invalid number: expected a digit in the exponent");
      while (digit()) ++i_;
    }
    return true;
  }

  bool scalar() {
    char c = t_[i_];
    if (c == '"') return string();
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (c == '\'') return fail(i_, "strings must use double quotes, not single quotes");
    return fail(i_, "unexpected " + describe(i_) + ": expected a JSON value");
  }

  bool open(Frame f) {
    if (stack_.size() + 1 > limits_.max_depth) {
      return fail(i_, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    stack_.emplace_back(f, i_++);
    return true;
  }

  // "line L, column C" of an offset, for messages that point at a second place.
  std::string line_col(std::size_t at) const {
    std::size_t line = 1, column = 1;
    for (std::size_t k = t_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; k < at; ++k) {
      if (t_[k] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(t_[k]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
  }

  std::string unclosed() const {
    const auto& [f, at] = stack_.back();
    return f == Frame::Object ? "'}' to close the object" : "']' to close the array";
  }

  // Parses one value, containers iteratively.
  bool value() {
    skip_ws();
    if (i_ >= t_.size()) return fail(i_, "unexpected end of input: expected a JSON value");
    char c = t_[i_];
    if (c != '{' && c != '[') return scalar();
    bool expect_item = true;  // true right after an opening bracket
    if (!open(c == '{' ? Frame::Object : Frame::Array)) return false;
    while (!stack_.empty()) {
      skip_ws();
      Frame f = stack_.back().first;
      char close = f == Frame::Object ? '}' : ']';
      if (i_ >= t_.size()) {
        return fail(i_, "unexpected end of input: expected " + unclosed() + " opened at " +
                            line_col(stack_.back().second));
      }
      if (!expect_item) {
        // After an item: a separator or the end of the container.
        if (t_[i_] == close) {
          ++i_;
          stack_.pop_back();
          continue;
        }
        if (t_[i_] != ',') {
          return fail(i_, "unexpected " + describe(i_) + ": expected ',' or " + unclosed());
        }
        ++i_;
        skip_ws();
        if (i_ < t_.size() && t_[i_] == close) return fail(i_, "trailing comma before the closing bracket");
      } else if (t_[i_] == close) {
        ++i_;
        stack_.pop_back();
        expect_item = false;
        continue;
      }
      skip_ws();
      if (f == Frame::Object) {
        if (i_ >= t_.size()) return fail(i_, "unexpected end of input: expected a member name");
        if (t_[i_] != '"') {
          if (t_[i_] == '\'') return fail(i_, "member names must use double quotes, not single quotes");
          return fail(i_, "unexpected " + describe(i_) + ": expected a member name in double quotes");
        }
        if (!string()) return false;
        skip_ws();
        if (i_ >= t_.size() || t_[i_] != ':') return fail(i_, "unexpected " + describe(i_) + ": expected ':' after the member name");
        ++i_;
      }
      skip_ws();
      if (i_ >= t_.size()) return fail(i_, "unexpected end of input: expected a JSON value");
      expect_item = false;
      if (t_[i_] == '{' || t_[i_] == '[') {
        if (!open(t_[i_] == '{' ? Frame::Object : Frame::Array)) return false;
        expect_item = true;
        continue;
      }
      if (!scalar()) return false;
    }
    return true;
  }
};

}  // namespace

std::optional<InputError> diagnose_json(std::string_view text, const LoadLimits& limits) {
  if (text.size() > limits.max_file_size) {
    return InputError{0, "file is larger than the limit of " + std::to_string(limits.max_file_size) + " bytes"};
  }
  return Scanner(text, limits).run();
}

}  // namespace iamlint::linter
