// The catalog's text, compiled into the binary from catalog/*.txt (see catalog_data.cpp).
#pragma once

#include <string_view>

namespace iamlint::linter::catalog_data {
std::string_view service_catalog() noexcept;
std::string_view global_condition_keys() noexcept;
std::string_view managed_policies() noexcept;
}  // namespace iamlint::linter::catalog_data
