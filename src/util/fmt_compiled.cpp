// fmt's out-of-line part, built here only when ftcost links statically (FTCOST_STATIC): Debian ships
// libfmt as a shared library alone, and compiling every file header-only doubles the build time.
// These are the definitions fmt's headers declare but leave to the compiled library.
#include <fmt/format-inl.h>

namespace fmt::detail {

template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;

namespace dragonbox {
template auto to_decimal(float x) noexcept -> decimal_fp<float>;
template auto to_decimal(double x) noexcept -> decimal_fp<double>;
}  // namespace dragonbox

}  // namespace fmt::detail
