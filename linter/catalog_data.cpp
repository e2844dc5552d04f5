// Embeds the catalog image (made at build time by catalog_gen from catalog/iam-catalog.txt and
// catalog/global-condition-keys.txt) and catalog/aws-managed-policies.txt with the assembler's .incbin: no generated
// source, no size limit on string literals, and no copy at run time. CMake passes the paths and re-builds this file
// when they change (OBJECT_DEPENDS).
#include "linter/catalog_data.hpp"

#ifndef IAMLINT_CATALOG_IMAGE_FILE
#error "IAMLINT_CATALOG_IMAGE_FILE must name the image catalog_gen writes"
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

IAMLINT_EMBED(iamlint_catalog_image, IAMLINT_CATALOG_IMAGE_FILE);
IAMLINT_EMBED(iamlint_managed_policies, IAMLINT_MANAGED_POLICIES_FILE);

extern "C" const char iamlint_catalog_image_begin[], iamlint_catalog_image_end[];
extern "C" const char iamlint_managed_policies_begin[], iamlint_managed_policies_end[];

namespace iamlint::linter::catalog_data {

std::string_view catalog_image() noexcept {
  // The two symbols bound one .incbin blob: the assembler, not C++, makes them one object.
  return {iamlint_catalog_image_begin,
          // cppcheck-suppress comparePointers
          static_cast<std::size_t>(iamlint_catalog_image_end - iamlint_catalog_image_begin)};
}

std::string_view managed_policies() noexcept {
  return {iamlint_managed_policies_begin,
          // cppcheck-suppress comparePointers
          static_cast<std::size_t>(iamlint_managed_policies_end - iamlint_managed_policies_begin)};
}

}  // namespace iamlint::linter::catalog_data
