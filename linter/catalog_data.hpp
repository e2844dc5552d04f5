// The data compiled into the binary (see catalog_data.cpp): the service catalog as the image catalog_gen makes from
// catalog/iam-catalog.txt and catalog/global-condition-keys.txt, and the managed policies' text.
#pragma once

#include <string_view>

namespace iamlint::linter::catalog_data {
// Catalog::to_image()'s bytes, aligned for its 32-bit words.
std::string_view catalog_image() noexcept;
std::string_view managed_policies() noexcept;
}  // namespace iamlint::linter::catalog_data
