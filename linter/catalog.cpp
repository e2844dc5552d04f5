#include "linter/catalog.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include <sys/mman.h>

#include "linter/catalog_data.hpp"
#include "linter/text.hpp"

namespace iamlint::linter {

namespace {

constexpr std::array<std::string_view, 5> kAccessNames = {"List", "Read", "Write", "Tagging",
                                                          "Permissions management"};
constexpr std::array<std::string_view, 12> kKeyTypeNames = {
    "", "String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool", "Numeric", "ArrayOfNumeric",
    "Date", "IPAddress", "Binary"};

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool iless(std::string_view a, std::string_view b) noexcept {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

// FNV-1a over lower-cased characters, continued from `h`.
constexpr uint64_t kFnvBasis = 1469598103934665603ull;
uint64_t hash_lower(std::string_view s, uint64_t h = kFnvBasis) noexcept {
  for (char ch : s) {
    h ^= static_cast<unsigned char>(lower(ch));
    h *= 1099511628211ull;
  }
  return h;
}
// Final mix, so that the low bits used as the slot depend on every character.
uint64_t mix(uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

// Services are ordered as "prefix:" compares, the order of the action index ("s3-outposts:" before "s3:").
bool prefix_less(std::string_view a, std::string_view b) noexcept {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (lower(a[i]) != lower(b[i])) return lower(a[i]) < lower(b[i]);
  }
  char ca = a.size() > n ? lower(a[n]) : ':', cb = b.size() > n ? lower(b[n]) : ':';
  return ca < cb;
}

// Up to 8 tab-separated fields of a line, without allocating.
struct Fields {
  std::array<std::string_view, 8> f;
  std::size_t n = 0;
  std::string_view operator[](std::size_t i) const { return f[i]; }
  std::size_t size() const { return n; }
};
Fields split_tabs(std::string_view line) {
  Fields out;
  std::size_t start = 0;
  while (out.n < out.f.size()) {
    std::size_t end = line.find('\t', start);
    out.f[out.n++] = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Calls each(item) for the comma-separated items of a field.
template <typename F>
void for_each_item(std::string_view field, F&& each) {
  while (!field.empty()) {
    std::size_t comma = field.find(',');
    each(field.substr(0, comma));
    if (comma == std::string_view::npos) break;
    field.remove_prefix(comma + 1);
  }
}

uint32_t to_u32(std::string_view s) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) throw std::runtime_error("bad number '" + std::string(s) + "'");
  return v;
}

KeyType parse_key_type(std::string_view s) {
  for (std::size_t i = 0; i < kKeyTypeNames.size(); ++i) {
    if (kKeyTypeNames[i] == s) return static_cast<KeyType>(i);
  }
  throw std::runtime_error("unknown key type '" + std::string(s) + "'");
}

AccessLevel parse_access(std::string_view s) {
  switch (s.empty() ? '?' : s[0]) {
    case 'L': return AccessLevel::List;
    case 'R': return AccessLevel::Read;
    case 'W': return AccessLevel::Write;
    case 'T': return AccessLevel::Tagging;
    case 'P': return AccessLevel::PermissionsManagement;
  }
  throw std::runtime_error("unknown access level '" + std::string(s) + "'");
}

// Matches a concrete key against a catalog key that may hold a template part: "${TagKey}" or "<key>" stands for
// one or more characters ("aws:ResourceTag/team" matches "aws:ResourceTag/${TagKey}"). Case-insensitive. Hot: the
// template's place is precomputed and plain keys are compared length first.
}  // namespace

bool Catalog::key_matches(const ConditionKeyInfo& k, std::string_view key) noexcept {
  std::string_view name = k.name;
  if (k.hole_begin == ConditionKeyInfo::kNoHole) return name.size() == key.size() && iequal(name, key);
  std::string_view before = name.substr(0, k.hole_begin), after = name.substr(k.hole_end);
  if (key.size() <= before.size() + after.size()) return false;
  return iequal(key.substr(0, before.size()), before) && iequal(key.substr(key.size() - after.size()), after);
}

namespace {

ConditionKeyInfo make_key(std::string_view name, KeyType type) {
  ConditionKeyInfo k{name, type};
  // One service writes its tag template as "ResourceTag/tag-key" rather than "ResourceTag/${TagKey}".
  constexpr std::string_view kTagKey = "/tag-key";
  if (name.size() > kTagKey.size() && name.substr(name.size() - kTagKey.size()) == kTagKey) {
    k.hole_begin = static_cast<uint16_t>(name.size() - kTagKey.size() + 1);
    k.hole_end = static_cast<uint16_t>(name.size());
    return k;
  }
  std::size_t open = name.find_first_of("$<");
  if (open == std::string_view::npos) return k;
  std::size_t close = name.find_first_of("}>", open);
  if (close == std::string_view::npos || close + 1 > ConditionKeyInfo::kNoHole) return k;
  k.hole_begin = static_cast<uint16_t>(open);
  k.hole_end = static_cast<uint16_t>(close + 1);
  return k;
}

}  // namespace

std::string_view access_level_name(AccessLevel level) noexcept { return kAccessNames[static_cast<int>(level)]; }
std::string_view key_type_name(KeyType type) noexcept {
  // cppcheck-suppress returnDanglingLifetime ; both branches are views of literals, which live as long as the program
  return type == KeyType::Unknown ? "unknown" : kKeyTypeNames[static_cast<int>(type)];
}
bool key_type_is_array(KeyType type) noexcept {
  return type == KeyType::ArrayOfString || type == KeyType::ArrayOfArn || type == KeyType::ArrayOfBool ||
         type == KeyType::ArrayOfNumeric;
}

bool wildcard_match_icase(std::string_view p, std::string_view t) noexcept {
  return glob_match(p, t, [](char pc, char tc) { return pc == '?' || lower(pc) == lower(tc); });
}

std::unique_ptr<Catalog> Catalog::parse(std::string_view text) {
  std::unique_ptr<Catalog> c(new Catalog());
  c->text_ = std::string(text);
  c->pool_ = c->text_;
  c->parse_into(c->text_);
  c->finish();
  return c;
}

void Catalog::reserve_for(std::string_view all) {
  std::size_t counts[128] = {};
  for (std::size_t pos = 0; pos < all.size();) {
    ++counts[static_cast<unsigned char>(all[pos]) & 127];
    std::size_t end = all.find('\n', pos);
    pos = end == std::string_view::npos ? all.size() : end + 1;
  }
  services_.reserve(services_.size() + counts['S']);
  actions_.reserve(actions_.size() + counts['A']);
  keys_.reserve(keys_.size() + counts['K']);
  types_.reserve(types_.size() + counts['T']);
  key_refs_store_.reserve(key_refs_store_.size() + 8 * counts['A'] + 3 * counts['T']);
  resource_refs_store_.reserve(resource_refs_store_.size() + 2 * counts['A']);
}

void Catalog::parse_into(std::string_view all) {
  reserve_for(all);
  std::size_t line_no = 0;
  ServiceInfo* service = services_.empty() ? nullptr : &services_.back();
  Catalog* c = this;
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    try {
      Fields f = split_tabs(line);
      auto need = [&](std::size_t n) {
        if (f.size() < n) throw std::runtime_error("expected " + std::to_string(n) + " fields");
      };
      auto index_list = [&](std::string_view field, auto&& each) { for_each_item(field, each); };
      switch (f[0].empty() ? '?' : f[0][0]) {
        case 'V':
          need(3);
          c->version_ = f[1];
          c->date_ = f[2];
          break;
        case 'G':
          need(3);
          c->global_keys_.push_back(make_key(f[1], parse_key_type(f[2])));
          break;
        case 'S': {
          need(3);
          if (service != nullptr && !prefix_less(service->prefix, f[1])) throw std::runtime_error("services out of order");
          ServiceInfo s;
          s.prefix = f[1];
          s.name = f[2];
          s.actions_begin = s.actions_end = static_cast<uint32_t>(c->actions_.size());
          s.keys_begin = s.keys_end = static_cast<uint32_t>(c->keys_.size());
          s.types_begin = s.types_end = static_cast<uint32_t>(c->types_.size());
          c->services_.push_back(s);
          service = &c->services_.back();
          break;
        }
        case 'K':
          need(3);
          if (service == nullptr) throw std::runtime_error("K before S");
          c->keys_.push_back(make_key(f[1], f[2].empty() ? KeyType::Unknown : parse_key_type(f[2])));
          service->keys_end = static_cast<uint32_t>(c->keys_.size());
          break;
        case 'T': {
          need(4);
          if (service == nullptr) throw std::runtime_error("T before S");
          ResourceTypeInfo t;
          t.name = f[1];
          t.arn = f[2];
          t.service = static_cast<uint32_t>(c->services_.size() - 1);
          t.keys_begin = static_cast<uint32_t>(c->key_refs_store_.size());
          index_list(f[3], [&](std::string_view k) { c->key_refs_store_.push_back(service->keys_begin + to_u32(k)); });
          t.keys_end = static_cast<uint32_t>(c->key_refs_store_.size());
          c->types_.push_back(t);
          service->types_end = static_cast<uint32_t>(c->types_.size());
          break;
        }
        case 'A': {
          need(6);
          if (service == nullptr) throw std::runtime_error("A before S");
          ActionInfo a;
          a.name = f[1];
          a.access = parse_access(f[2]);
          a.service = static_cast<uint32_t>(c->services_.size() - 1);
          a.resources_begin = static_cast<uint32_t>(c->resource_refs_store_.size());
          index_list(f[3], [&](std::string_view r) {
            bool required = !r.empty() && r.back() == '*';
            if (required) r.remove_suffix(1);
            c->resource_refs_store_.push_back({service->types_begin + to_u32(r), required});
          });
          a.resources_end = static_cast<uint32_t>(c->resource_refs_store_.size());
          a.keys_begin = static_cast<uint32_t>(c->key_refs_store_.size());
          index_list(f[4], [&](std::string_view k) { c->key_refs_store_.push_back(service->keys_begin + to_u32(k)); });
          a.keys_end = static_cast<uint32_t>(c->key_refs_store_.size());
          a.deps_begin = static_cast<uint32_t>(c->deps_.size());
          index_list(f[5], [&](std::string_view d) { c->deps_.push_back(d); });
          a.deps_end = static_cast<uint32_t>(c->deps_.size());
          c->actions_.push_back(a);
          service->actions_end = static_cast<uint32_t>(c->actions_.size());
          break;
        }
        default:
          throw std::runtime_error("unknown line kind");
      }
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("catalog line " + std::to_string(line_no) + ": " + e.what());
    }
  }
}

void Catalog::finish() {
  key_refs_ = key_refs_store_;
  resource_refs_ = resource_refs_store_;
  check_references();
  build_index();
}

// So that lookups never index out of range.
void Catalog::check_references() const {
  // The largest index against the size, rather than a test per index: a loop the compiler vectorises.
  uint32_t max_key = 0, max_type = 0;
  for (uint32_t k : key_refs_) max_key = std::max(max_key, k);
  for (const ResourceRef& r : resource_refs_) max_type = std::max(max_type, r.type);
  if (!key_refs_.empty() && max_key >= keys_.size()) {
    throw std::runtime_error("catalog: condition key index out of range");
  }
  if (!resource_refs_.empty() && max_type >= types_.size()) {
    throw std::runtime_error("catalog: resource type index out of range");
  }
}

// Three-way comparison of an action's lower-cased "prefix:name" with `key` (already lower-cased), looking only at
// the first key.size() characters of the name when `prefix_only`.
int Catalog::compare(const ActionInfo& a, std::string_view key, bool prefix_only) const noexcept {
  std::string_view parts[3] = {services_[a.service].prefix, ":", a.name};
  std::size_t k = 0;
  for (std::string_view part : parts) {
    for (char ch : part) {
      if (k == key.size()) return prefix_only ? 0 : 1;
      char c = lower(ch);
      if (c != key[k]) return c < key[k] ? -1 : 1;
      ++k;
    }
  }
  return k == key.size() ? 0 : -1;
}

void Catalog::build_index() {
  // The generator writes services and actions in the order of lower-cased "prefix:name", so the action table is
  // its own sorted index; check that rather than trust it (comparing neighbours in place: no string per action).
  auto lowered_at = [&](const ActionInfo& a, std::size_t k) -> int {  // k-th character of "prefix:name", or -1
    std::string_view prefix = services_[a.service].prefix;
    if (k < prefix.size()) return static_cast<unsigned char>(lower(prefix[k]));
    if (k == prefix.size()) return ':';
    k -= prefix.size() + 1;
    return k < a.name.size() ? static_cast<unsigned char>(lower(a.name[k])) : -1;
  };
  for (std::size_t i = 1; i < actions_.size(); ++i) {
    const ActionInfo& p = actions_[i - 1];
    const ActionInfo& a = actions_[i];
    int x = 0, y = 0;
    for (std::size_t k = 0; (x = lowered_at(p, k)) == (y = lowered_at(a, k)) && x != -1; ++k) {
    }
    if (x >= y) throw std::runtime_error("catalog: actions out of order at " + full_name(a));
  }
  build_hash_index();
}

namespace {
std::vector<uint32_t> empty_slots(std::size_t n) {
  std::size_t size = 64;
  while (size < n * 2) size *= 2;
  return std::vector<uint32_t>(size, 0);
}
void insert_slot(std::vector<uint32_t>& slots, uint64_t hash, uint32_t index) {
  std::size_t mask = slots.size() - 1;
  for (std::size_t i = mix(hash) & mask;; i = (i + 1) & mask) {
    if (slots[i] == 0) {
      slots[i] = index + 1;
      return;
    }
  }
}
}  // namespace

void Catalog::build_hash_index() {
  service_slots_ = empty_slots(services_.size());
  service_seeds_.resize(services_.size());
  for (uint32_t i = 0; i < services_.size(); ++i) {
    insert_slot(service_slots_, hash_lower(services_[i].prefix), i);
    service_seeds_[i] = hash_lower(":", hash_lower(services_[i].prefix));
  }
  action_slots_store_ = empty_slots(actions_.size());
  for (uint32_t i = 0; i < actions_.size(); ++i) {
    insert_slot(action_slots_store_, hash_lower(actions_[i].name, service_seeds_[actions_[i].service]), i);
  }
  action_slots_ = action_slots_store_;
}

#ifndef IAMLINT_CATALOG_GEN  // catalog_gen makes the image, so it has none to read
const Catalog& Catalog::embedded() {
  // Read from the image catalog_gen wrote at build time: no parsing, ordering check or hashing at start-up, and the
  // views point into read-only data.
  // Never destroyed: freeing its tables at exit would only unmap pages the exit unmaps anyway.
  static const Catalog* const catalog = from_image(catalog_data::catalog_image()).release();
  return *catalog;
}
#endif

// The image is 32-bit words, then the text. Words: a header (magic, format, text size, the ten table sizes, version,
// date), then the tables in header order. A view is two words (offset into the text, size); an index is one word.
namespace {
constexpr uint32_t kImageMagic = 0x4D49414Cu;  // "LAIM"
constexpr uint32_t kImageFormat = 2;           // bump with any layout change
constexpr std::size_t kImageHeaderWords = 3 + 10 + 4;
// A resource reference is two words that are a ResourceRef: the type, then `required` in the low byte.
static_assert(sizeof(ResourceRef) == 2 * sizeof(uint32_t) && offsetof(ResourceRef, required) == sizeof(uint32_t) &&
              std::endian::native == std::endian::little);

struct ImageWriter {
  std::string_view pool;
  std::vector<uint32_t> words;
  void put(uint32_t w) { words.push_back(w); }
  void put(std::string_view s) {
    if (s.empty()) {
      put(0u);
      put(0u);
      return;
    }
    if (s.data() < pool.data() || s.data() + s.size() > pool.data() + pool.size()) {
      throw std::runtime_error("catalog image: a name is not in the catalog's text");
    }
    put(static_cast<uint32_t>(s.data() - pool.data()));
    put(static_cast<uint32_t>(s.size()));
  }
  void put(const ConditionKeyInfo& k) {
    put(k.name);
    put(static_cast<uint32_t>(k.type));
    put(static_cast<uint32_t>(k.hole_begin) | static_cast<uint32_t>(k.hole_end) << 16);
  }
};

// Asks the kernel to map a range's pages in one call (read: the image's tables; write: a table being filled) rather
// than one page fault per 4 KiB as the loop reaches them. The range is cut inward to whole pages; failure only costs
// the faults.
void prefault(const void* begin, const void* end, [[maybe_unused]] bool write) noexcept {
#if defined(MADV_POPULATE_READ) && defined(MADV_POPULATE_WRITE)
  constexpr std::uintptr_t kPage = 4096;
  std::uintptr_t b = (reinterpret_cast<std::uintptr_t>(begin) + kPage - 1) & ~(kPage - 1);
  std::uintptr_t e = reinterpret_cast<std::uintptr_t>(end) & ~(kPage - 1);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): b is begin rounded up to a page, inside the same mapping
  if (e > b) madvise(reinterpret_cast<void*>(b), e - b, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
#else
  (void)begin;
  (void)end;
#endif
}

template <typename T>
void reserve_prefaulted(std::vector<T>& table, std::size_t n) {
  table.reserve(n);
  prefault(table.data(), table.data() + n, true);
}

struct ImageReader {
  const uint32_t* w;
  std::string_view pool;
  uint32_t get() noexcept { return *w++; }
  std::string_view view() {
    uint32_t offset = get(), size = get();
    if (offset > pool.size() || size > pool.size() - offset) throw std::runtime_error("catalog image: bad view");
    return {pool.data() + offset, size};
  }
  ConditionKeyInfo key() {
    ConditionKeyInfo k;
    k.name = view();
    k.type = static_cast<KeyType>(get());
    if (static_cast<std::size_t>(k.type) >= kKeyTypeNames.size()) throw std::runtime_error("catalog image: bad key type");
    uint32_t holes = get();
    k.hole_begin = static_cast<uint16_t>(holes);
    k.hole_end = static_cast<uint16_t>(holes >> 16);
    // key_matches() cuts the name at the hole: it must lie within the name.
    bool plain = k.hole_begin == ConditionKeyInfo::kNoHole && k.hole_end == ConditionKeyInfo::kNoHole;
    if (!plain && (k.hole_begin > k.hole_end || k.hole_end > k.name.size())) {
      throw std::runtime_error("catalog image: bad key template");
    }
    return k;
  }
};
}  // namespace

std::string Catalog::to_image() const {
  ImageWriter out{pool_, {}};
  out.put(kImageMagic);
  out.put(kImageFormat);
  out.put(static_cast<uint32_t>(pool_.size()));
  for (std::size_t n : {services_.size(), actions_.size(), types_.size(), keys_.size(), key_refs_.size(),
                        resource_refs_.size(), deps_.size(), global_keys_.size(), service_slots_.size(),
                        action_slots_.size()}) {
    out.put(static_cast<uint32_t>(n));
  }
  out.put(version_);
  out.put(date_);
  for (const ServiceInfo& s : services_) {
    out.put(s.prefix);
    out.put(s.name);
    for (uint32_t w : {s.actions_begin, s.actions_end, s.keys_begin, s.keys_end, s.types_begin, s.types_end}) out.put(w);
  }
  for (const ActionInfo& a : actions_) {
    out.put(a.name);
    out.put(static_cast<uint32_t>(a.access));
    for (uint32_t w : {a.service, a.resources_begin, a.resources_end, a.keys_begin, a.keys_end, a.deps_begin,
                       a.deps_end}) {
      out.put(w);
    }
  }
  for (const ResourceTypeInfo& t : types_) {
    out.put(t.name);
    out.put(t.arn);
    for (uint32_t w : {t.service, t.keys_begin, t.keys_end}) out.put(w);
  }
  for (const ConditionKeyInfo& k : keys_) out.put(k);
  for (uint32_t k : key_refs_) out.put(k);
  for (const ResourceRef& r : resource_refs_) {  // ResourceRef's layout, so that the image is its array
    out.put(r.type);
    out.put(r.required ? 1u : 0u);
  }
  for (std::string_view d : deps_) out.put(d);
  for (const ConditionKeyInfo& k : global_keys_) out.put(k);
  for (uint32_t slot : service_slots_) out.put(slot);
  for (uint32_t slot : action_slots_) out.put(slot);
  for (uint64_t seed : service_seeds_) {
    out.put(static_cast<uint32_t>(seed));
    out.put(static_cast<uint32_t>(seed >> 32));
  }
  std::string image(out.words.size() * sizeof(uint32_t), '\0');
  std::memcpy(image.data(), out.words.data(), image.size());
  image.append(pool_);
  return image;
}

std::unique_ptr<Catalog> Catalog::from_image(std::string_view image) {
  auto header_word = [&](std::size_t i) {
    uint32_t w;
    std::memcpy(&w, image.data() + i * sizeof(uint32_t), sizeof w);
    return w;
  };
  if (image.size() < kImageHeaderWords * sizeof(uint32_t) || header_word(0) != kImageMagic ||
      header_word(1) != kImageFormat) {
    throw std::runtime_error("catalog image: not an image of this format");
  }
  if (reinterpret_cast<std::uintptr_t>(image.data()) % alignof(uint32_t) != 0) {
    throw std::runtime_error("catalog image: misaligned");
  }
  std::size_t pool_size = header_word(2);
  std::size_t n[10];
  for (std::size_t i = 0; i < 10; ++i) n[i] = header_word(3 + i);
  auto [n_services, n_actions, n_types, n_keys, n_key_refs, n_resource_refs, n_deps, n_global, n_service_slots,
        n_action_slots] = n;
  std::size_t words = kImageHeaderWords + 10 * n_services + 10 * n_actions + 7 * n_types + 4 * n_keys + n_key_refs +
                      2 * n_resource_refs + 2 * n_deps + 4 * n_global + n_service_slots + n_action_slots + 2 * n_services;
  if (image.size() != words * sizeof(uint32_t) + pool_size) throw std::runtime_error("catalog image: wrong size");
  // A power of two with an empty slot at least, or lookups of absent names would never end.
  auto is_table_size = [](std::size_t slots, std::size_t entries) {
    return slots > entries && (slots & (slots - 1)) == 0;
  };
  if (!is_table_size(n_service_slots, n_services) || !is_table_size(n_action_slots, n_actions)) {
    throw std::runtime_error("catalog image: bad hash table size");
  }

  std::unique_ptr<Catalog> c(new Catalog());
  c->pool_ = image.substr(words * sizeof(uint32_t));
  prefault(image.data(), image.data() + words * sizeof(uint32_t), false);
  reserve_prefaulted(c->actions_, n_actions);
  ImageReader in{reinterpret_cast<const uint32_t*>(image.data()) + kImageHeaderWords - 4, c->pool_};
  c->version_ = in.view();
  c->date_ = in.view();
  c->services_.resize(n_services);
  for (ServiceInfo& s : c->services_) {
    s.prefix = in.view();
    s.name = in.view();
    for (uint32_t* w : {&s.actions_begin, &s.actions_end, &s.keys_begin, &s.keys_end, &s.types_begin, &s.types_end}) {
      *w = in.get();
    }
    if (s.actions_begin > s.actions_end || s.actions_end > n_actions || s.keys_begin > s.keys_end ||
        s.keys_end > n_keys || s.types_begin > s.types_end || s.types_end > n_types) {
      throw std::runtime_error("catalog image: service range out of bounds");
    }
  }
  c->actions_.resize(n_actions);
  for (ActionInfo& a : c->actions_) {
    a.name = in.view();
    uint32_t access = in.get();
    if (access >= kAccessNames.size()) throw std::runtime_error("catalog image: bad access level");
    a.access = static_cast<AccessLevel>(access);
    for (uint32_t* w : {&a.service, &a.resources_begin, &a.resources_end, &a.keys_begin, &a.keys_end, &a.deps_begin,
                        &a.deps_end}) {
      *w = in.get();
    }
    if (a.service >= n_services || a.resources_begin > a.resources_end || a.resources_end > n_resource_refs ||
        a.keys_begin > a.keys_end || a.keys_end > n_key_refs || a.deps_begin > a.deps_end || a.deps_end > n_deps) {
      throw std::runtime_error("catalog image: action range out of bounds");
    }
  }
  c->types_.resize(n_types);
  for (ResourceTypeInfo& t : c->types_) {
    t.name = in.view();
    t.arn = in.view();
    t.service = in.get();
    t.keys_begin = in.get();
    t.keys_end = in.get();
    if (t.service >= n_services || t.keys_begin > t.keys_end || t.keys_end > n_key_refs) {
      throw std::runtime_error("catalog image: resource type range out of bounds");
    }
  }
  c->keys_.resize(n_keys);
  for (ConditionKeyInfo& k : c->keys_) k = in.key();
  c->key_refs_ = {in.w, n_key_refs};
  in.w += n_key_refs;
  c->resource_refs_ = {reinterpret_cast<const ResourceRef*>(in.w), n_resource_refs};
  for (std::size_t i = 0; i < n_resource_refs; ++i) {
    if (in.w[2 * i + 1] > 1) throw std::runtime_error("catalog image: bad resource reference");
  }
  in.w += 2 * n_resource_refs;
  c->deps_.resize(n_deps);
  for (std::string_view& d : c->deps_) d = in.view();
  c->global_keys_.resize(n_global);
  for (ConditionKeyInfo& k : c->global_keys_) k = in.key();
  c->service_slots_.assign(in.w, in.w + n_service_slots);
  in.w += n_service_slots;
  c->action_slots_ = {in.w, n_action_slots};
  in.w += n_action_slots;
  c->service_seeds_.resize(n_services);
  for (uint64_t& seed : c->service_seeds_) {
    uint32_t lo = in.get();
    seed = lo | static_cast<uint64_t>(in.get()) << 32;
  }
  c->check_references();
  uint32_t max_service_slot = 0, max_action_slot = 0;
  for (uint32_t slot : c->service_slots_) max_service_slot = std::max(max_service_slot, slot);
  for (uint32_t slot : c->action_slots_) max_action_slot = std::max(max_action_slot, slot);
  if (max_service_slot > n_services || max_action_slot > n_actions) {
    throw std::runtime_error("catalog image: hash slot out of range");
  }
  return c;
}

const ServiceInfo* Catalog::find_service(std::string_view prefix) const noexcept {
  if (service_slots_.empty()) return nullptr;
  std::size_t mask = service_slots_.size() - 1;
  for (std::size_t i = mix(hash_lower(prefix)) & mask; service_slots_[i] != 0; i = (i + 1) & mask) {
    const ServiceInfo& s = services_[service_slots_[i] - 1];
    if (iequal(s.prefix, prefix)) return &s;
  }
  return nullptr;
}

uint64_t Catalog::action_hash(const ServiceInfo& service, std::string_view action) const noexcept {
  uint64_t h = mix(hash_lower(action, service_seeds_[static_cast<std::size_t>(&service - services_.data())]));
  if (!action_slots_.empty()) __builtin_prefetch(&action_slots_[h & (action_slots_.size() - 1)]);
  return h;
}

const ActionInfo* Catalog::find_action(const ServiceInfo& service, std::string_view action,
                                       uint64_t hash) const noexcept {
  if (action_slots_.empty()) return nullptr;
  uint32_t service_index = static_cast<uint32_t>(&service - services_.data());
  std::size_t mask = action_slots_.size() - 1;
  for (std::size_t i = hash & mask; action_slots_[i] != 0; i = (i + 1) & mask) {
    const ActionInfo& a = actions_[action_slots_[i] - 1];
    if (a.service == service_index && iequal(a.name, action)) return &a;
  }
  return nullptr;
}

const ActionInfo* Catalog::find_action(const ServiceInfo& service, std::string_view action) const noexcept {
  return find_action(service, action, action_hash(service, action));
}

const ActionInfo* Catalog::find_action(std::string_view full) const noexcept {
  std::size_t colon = full.find(':');
  if (colon == std::string_view::npos || action_slots_.empty()) return nullptr;
  std::string_view prefix = full.substr(0, colon), name = full.substr(colon + 1);
  std::size_t mask = action_slots_.size() - 1;
  for (std::size_t i = mix(hash_lower(full)) & mask; action_slots_[i] != 0; i = (i + 1) & mask) {
    const ActionInfo& a = actions_[action_slots_[i] - 1];
    if (iequal(a.name, name) && iequal(services_[a.service].prefix, prefix)) return &a;
  }
  return nullptr;
}

const ConditionKeyInfo* Catalog::find_global_key(std::string_view key) const noexcept {
  for (const ConditionKeyInfo& k : global_keys_) {
    if (key_matches(k, key)) return &k;
  }
  return nullptr;
}

const ConditionKeyInfo* Catalog::find_condition_key(std::string_view key) const noexcept {
  if (const ConditionKeyInfo* g = find_global_key(key)) return g;
  std::size_t colon = key.find(':');
  if (colon == std::string_view::npos) return nullptr;
  const ServiceInfo* s = find_service(key.substr(0, colon));
  return s == nullptr ? nullptr : find_service_key(*s, key);
}

const ConditionKeyInfo* Catalog::find_service_key(const ServiceInfo& service, std::string_view key) const noexcept {
  for (uint32_t i = service.keys_begin; i < service.keys_end; ++i) {
    if (key_matches(keys_[i], key)) return &keys_[i];
  }
  return nullptr;
}

std::string Catalog::full_name(const ActionInfo& action) const {
  std::string out(services_[action.service].prefix);
  out += ':';
  out += action.name;
  return out;
}

// The range of actions whose lower-cased full name starts with `prefix`, by binary search.
std::pair<std::size_t, std::size_t> Catalog::prefix_range(std::string_view prefix) const noexcept {
  auto lo = std::partition_point(actions_.begin(), actions_.end(),
                                 [&](const ActionInfo& a) { return compare(a, prefix, true) < 0; });
  auto hi = std::partition_point(lo, actions_.end(), [&](const ActionInfo& a) { return compare(a, prefix, true) == 0; });
  return {static_cast<std::size_t>(lo - actions_.begin()), static_cast<std::size_t>(hi - actions_.begin())};
}

void Catalog::expand(std::string_view pattern, std::vector<const ActionInfo*>& out) const {
  std::size_t colon = pattern.find(':');
  std::string_view service_part = pattern.substr(0, colon);
  bool wild_service = has_wildcard(service_part);
  if (colon != std::string_view::npos && !wild_service) {
    // The common case: a literal service. Search only its actions, by name (sorted case-insensitively).
    const ServiceInfo* service = find_service(service_part);
    if (service != nullptr) expand_in(*service, pattern.substr(colon + 1), out);
    return;
  }
  std::string lowered;
  lowered.reserve(pattern.size());
  for (char ch : pattern) lowered += lower(ch);
  std::string_view prefix = std::string_view(lowered).substr(0, find_wildcard(lowered));
  auto [lo, hi] = prefix_range(prefix);
  std::string name;
  for (std::size_t i = lo; i < hi; ++i) {
    if (prefix.size() == lowered.size()) {
      if (compare(actions_[i], lowered, false) == 0) out.push_back(&actions_[i]);
      continue;
    }
    const ActionInfo& a = actions_[i];
    name.assign(services_[a.service].prefix).append(1, ':').append(a.name);
    if (wildcard_match_icase(lowered, name)) out.push_back(&a);
  }
}

void Catalog::expand_in(const ServiceInfo& service, std::string_view name_pattern,
                        std::vector<const ActionInfo*>& out) const {
  std::size_t wild = find_wildcard(name_pattern);
  if (wild == std::string_view::npos) {
    if (const ActionInfo* a = find_action(service, name_pattern)) out.push_back(a);
    return;
  }
  std::string_view prefix = name_pattern.substr(0, wild);
  auto first = actions_.begin() + service.actions_begin, last = actions_.begin() + service.actions_end;
  auto name_prefix_less = [&](const ActionInfo& a) {  // a's name, cut to the prefix's length, sorts before it
    return iless(a.name.substr(0, prefix.size()), prefix);
  };
  auto lo = std::partition_point(first, last, name_prefix_less);
  // "Describe*", the usual pattern, matches its whole range: no per-action match.
  bool prefix_star = wild + 1 == name_pattern.size() && name_pattern[wild] == '*';
  for (auto it = lo; it != last && iequal(it->name.substr(0, prefix.size()), prefix); ++it) {
    if (prefix_star || wildcard_match_icase(name_pattern, it->name)) out.push_back(&*it);
  }
}

bool Catalog::matches_any(std::string_view pattern) const {
  std::vector<const ActionInfo*> found;
  expand(pattern, found);
  return !found.empty();
}

}  // namespace iamlint::linter
