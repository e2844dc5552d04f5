#include "linter/json_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <simdjson.h>

namespace iamlint::linter {

namespace {

namespace od = simdjson::ondemand;

bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_right(std::string_view s) noexcept {
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) noexcept {
  std::size_t i = 0, n = s.size();
  auto digit = [&](std::size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

// Scans a string body starting just after its opening quote. Returns the offset of the closing quote, or npos when
// the body holds a raw control character (which JSON forbids) or is unterminated.
struct StringScan {
  std::size_t close = std::string_view::npos;
  bool has_escape = false;
};
StringScan scan_string(std::string_view text, std::size_t start) noexcept {
  StringScan r;
  for (std::size_t i = start; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      r.close = i;
      return r;
    }
    if (c < 0x20) return r;
    if (c == '\\') {
      r.has_escape = true;
      ++i;
    }
  }
  return r;
}

}  // namespace

struct JsonLoader::Impl {
  od::parser parser;
  JsonTree* tree = nullptr;
  const LoadLimits* limits = nullptr;
  std::string_view text;

  uint32_t offset_of(const char* p) const { return static_cast<uint32_t>(p - text.data()); }

  // Appends a node for a scalar or container token; `token` is simdjson's raw token (trailing space included).
  // `unescape` gives a string's value from simdjson (the element's or the document's), needed only with escapes.
  template <typename Unescape>
  simdjson::error_code add_scalar(Node node, std::string_view token, Unescape&& unescape) {
    token = trim_right(token);
    node.span = {offset_of(token.data()), static_cast<uint32_t>(token.size())};
    switch (node.type) {
      case JsonType::String: {
        StringScan scan = scan_string(text, node.span.offset + 1);
        if (scan.close != node.span.offset + token.size() - 1) return simdjson::STRING_ERROR;
        std::string_view body = token.substr(1, token.size() - 2);
        if (scan.has_escape) {
          std::string_view unescaped;
          if (unescape(unescaped)) return simdjson::STRING_ERROR;
          body = tree->own(unescaped);
        }
        node.text = body;
        break;
      }
      case JsonType::Number:
        if (!is_json_number(token)) return simdjson::NUMBER_ERROR;
        node.text = token;
        break;
      case JsonType::Bool:
        if (token != "true" && token != "false") return simdjson::T_ATOM_ERROR;
        node.text = token;
        break;
      case JsonType::Null:
        if (token != "null") return simdjson::N_ATOM_ERROR;
        node.text = token;
        break;
      default:
        break;
    }
    tree->add(node);
    return simdjson::SUCCESS;
  }

  static bool to_type(od::json_type t, JsonType& out) {
    switch (t) {
      case od::json_type::object: out = JsonType::Object; return true;
      case od::json_type::array: out = JsonType::Array; return true;
      case od::json_type::string: out = JsonType::String; return true;
      case od::json_type::number: out = JsonType::Number; return true;
      case od::json_type::boolean: out = JsonType::Bool; return true;
      case od::json_type::null: out = JsonType::Null; return true;
    }
    return false;
  }

  simdjson::error_code walk_object(od::object object, uint32_t id, uint32_t depth) {
    for (auto result : object) {
      od::field field;
      if (auto e = std::move(result).get(field)) return e;
      const char* raw = field.key().raw();
      std::size_t key_start = offset_of(raw);
      StringScan scan = scan_string(text, key_start);
      if (scan.close == std::string_view::npos) return simdjson::STRING_ERROR;
      Node member;
      member.is_member = true;
      member.parent = id;
      member.key_span = {static_cast<uint32_t>(key_start - 1), static_cast<uint32_t>(scan.close - key_start + 2)};
      member.key = text.substr(key_start, scan.close - key_start);
      if (scan.has_escape) {
        std::string_view unescaped;
        if (field.unescaped_key().get(unescaped)) return simdjson::STRING_ERROR;
        member.key = tree->own(unescaped);
      }
      if (auto e = walk_value(field.value(), member, depth + 1)) return e;
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code walk_array(od::array array, uint32_t id, uint32_t depth) {
    for (auto result : array) {
      od::value element;
      if (auto e = std::move(result).get(element)) return e;
      Node node;
      node.parent = id;
      if (auto e = walk_value(element, node, depth + 1)) return e;
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code walk_value(od::value value, Node node, uint32_t depth) {
    if (depth > limits->max_depth) return simdjson::DEPTH_ERROR;
    od::json_type t;
    if (auto e = value.type().get(t)) return e;
    if (!to_type(t, node.type)) return simdjson::TAPE_ERROR;
    std::string_view token = value.raw_json_token();
    if (node.type == JsonType::Object || node.type == JsonType::Array) {
      node.span = {offset_of(token.data()), 1};
      uint32_t id = tree->add(node);
      if (node.type == JsonType::Object) {
        od::object object;
        if (auto e = value.get_object().get(object)) return e;
        return walk_object(object, id, depth);
      }
      od::array array;
      if (auto e = value.get_array().get(array)) return e;
      return walk_array(array, id, depth);
    }
    return add_scalar(node, token, [&](std::string_view& out) { return value.get_string().get(out); });
  }

  simdjson::error_code walk_document(od::document& doc) {
    od::json_type t;
    if (auto e = doc.type().get(t)) return e;
    Node node;
    if (!to_type(t, node.type)) return simdjson::TAPE_ERROR;
    std::string_view token;
    if (auto e = doc.raw_json_token().get(token)) return e;
    simdjson::error_code e = simdjson::SUCCESS;
    if (node.type == JsonType::Object) {
      node.span = {offset_of(token.data()), 1};
      uint32_t id = tree->add(node);
      od::object object;
      e = doc.get_object().get(object);
      if (!e) e = walk_object(object, id, 1);
    } else if (node.type == JsonType::Array) {
      node.span = {offset_of(token.data()), 1};
      uint32_t id = tree->add(node);
      od::array array;
      e = doc.get_array().get(array);
      if (!e) e = walk_array(array, id, 1);
    } else {
      // A scalar document is valid JSON; it is the model that refuses it, so it needs its node, escapes or not.
      e = add_scalar(node, token, [&](std::string_view& out) { return doc.get_string().get(out); });
      if (e) return e;
      // simdjson does not step past a root scalar, so look for anything after it here.
      std::size_t end = offset_of(token.data()) + token.size();
      while (end < text.size() && (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r')) {
        ++end;
      }
      return end < text.size() ? simdjson::TRAILING_CONTENT : simdjson::SUCCESS;
    }
    if (e) return e;
    // Anything after the root value is an error; simdjson only notices if asked.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return simdjson::TRAILING_CONTENT;
    return simdjson::SUCCESS;
  }
};

JsonLoader::JsonLoader(LoadLimits limits) : limits_(limits), impl_(std::make_unique<Impl>()) {}
JsonLoader::~JsonLoader() = default;

std::optional<InputError> JsonLoader::load(const SourceFile& source, JsonTree& tree) {
  return load(source.text(), source.padded_capacity(), tree);
}

std::optional<InputError> JsonLoader::load(std::string_view text, std::size_t padded_capacity, JsonTree& tree) {
  tree.clear();
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  Impl& im = *impl_;
  im.tree = &tree;
  im.limits = &limits_;
  im.text = text;

  simdjson::error_code error = simdjson::SUCCESS;
  if (text.size() - start > limits_.max_file_size) {
    return InputError{0, "file is larger than the limit of " + std::to_string(limits_.max_file_size) + " bytes"};
  }
  od::document doc;
  error = im.parser.iterate(text.data() + start, text.size() - start, padded_capacity - start).get(doc);
  if (!error) error = im.walk_document(doc);
  if (!error) return std::nullopt;

  tree.clear();
  if (auto found = diagnose_json(text, limits_)) return found;
  // simdjson refused what the strict scanner accepts: say so rather than guess a location.
  return InputError{0, std::string("the JSON parser refused this document: ") + simdjson::error_message(error)};
}

namespace {

// Reads to the end, or refuses past the limit: a pipe or a terminal has no size to check first.
ReadResult read_stream(int fd, const std::string& name, std::size_t max_file_size, std::string_view what) {
  ReadResult r;
  std::string bytes;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error = std::string("cannot read: ") + std::strerror(errno);
      return r;
    }
    if (n == 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
    if (bytes.size() > max_file_size) {
      r.error = std::string(what) + " is over the limit of " + std::to_string(max_file_size) + " bytes (--max-file-size)";
      return r;
    }
  }
  r.source = std::make_unique<SourceFile>(name, std::move(bytes));
  return r;
}

}  // namespace

ReadResult read_source(const std::string& path, std::size_t max_file_size, std::string buffer) {
  ReadResult r;
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    r.error = std::string("cannot open: ") + std::strerror(errno);
    return r;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (ok && S_ISFIFO(st.st_mode)) {
    // A pipe named on the command line (`iamlint lint <(terraform show -json plan)`, /dev/stdin): read to its end,
    // within the limit. With no writer, the read sees the end at once, so nothing waits. A walk never opens one.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    r = read_stream(fd, path, max_file_size, "the pipe");
    ::close(fd);
    return r;
  }
  if (!ok || !S_ISREG(st.st_mode)) {
    ::close(fd);
    r.error = S_ISDIR(st.st_mode) ? "a directory, not a file" : "not a regular file";
    return r;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (static_cast<std::size_t>(st.st_size) > max_file_size) {
    ::close(fd);
    r.error = "file is " + std::to_string(st.st_size) + " bytes, over the limit of " + std::to_string(max_file_size) +
              " bytes (--max-file-size)";
    return r;
  }
  std::string bytes = std::move(buffer);
  bytes.clear();
  bytes.reserve(static_cast<std::size_t>(st.st_size) + SourceFile::kPadding);  // room for the padding: no copy later
  bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);  // a file that shrank while read is read as it is now
  r.source = std::make_unique<SourceFile>(path, std::move(bytes));
  return r;
}

ReadResult read_stdin(std::size_t max_file_size) {
  return read_stream(STDIN_FILENO, "<stdin>", max_file_size, "standard input");
}

}  // namespace iamlint::linter
