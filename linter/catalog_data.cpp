// Embeds catalog/iam-catalog.txt, catalog/global-condition-keys.txt and catalog/aws-managed-policies.txt with the assembler's .incbin: no generated
// source, no size limit on string literals, and no copy at run time. CMake passes the paths and re-builds this file
// when they change (OBJECT_DEPENDS).
#include "linter/catalog_data.hpp"

#ifndef IAMLINT_CATALOG_FILE
#error "IAMLINT_CATALOG_FILE must name catalog/iam-catalog.txt"
#endif

#define IAMLINT_EMBED(symbol, file)                  \
  __asm__(".section .rodata\n"                       \
          ".balign 16\n"                             \
          ".global " #symbol "_begin\n" #symbol      \
          "_begin:\n"                                \
          ".incbin \"" file "\"\n"                   \
          ".global " #symbol "_end\n" #symbol        \
          "_end:\n"                                  \
          ".byte 0\n"                                \
          ".previous\n")

IAMLINT_EMBED(iamlint_service_catalog, IAMLINT_CATALOG_FILE);
IAMLINT_EMBED(iamlint_global_keys, IAMLINT_GLOBAL_KEYS_FILE);
IAMLINT_EMBED(iamlint_managed_policies, IAMLINT_MANAGED_POLICIES_FILE);

extern "C" const char iamlint_service_catalog_begin[], iamlint_service_catalog_end[];
extern "C" const char iamlint_global_keys_begin[], iamlint_global_keys_end[];
extern "C" const char iamlint_managed_policies_begin[], iamlint_managed_policies_end[];

namespace iamlint::linter::catalog_data {

std::string_view service_catalog() noexcept {
  return {iamlint_service_catalog_begin,
          static_cast<std::size_t>(iamlint_service_catalog_end - iamlint_service_catalog_begin)};
}

std::string_view global_condition_keys() noexcept {
  return {iamlint_global_keys_begin, static_cast<std::size_t>(iamlint_global_keys_end - iamlint_global_keys_begin)};
}

std::string_view managed_policies() noexcept {
  return {iamlint_managed_policies_begin,
          static_cast<std::size_t>(iamlint_managed_policies_end - iamlint_managed_policies_begin)};
}

}  // namespace iamlint::linter::catalog_data
