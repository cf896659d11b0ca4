#pragma once
// Unit conversions used by every model. One named constant each, with where it comes from.

namespace ftcost::units {

// 8,760 hours in a 365-day year / 12: the month cloud providers bill GPU-hours against.
inline constexpr double hours_per_month = 730.0;
inline constexpr double seconds_per_hour = 3600.0;
inline constexpr double seconds_per_month = hours_per_month * seconds_per_hour;
// A full-time employee works 2,080 hours a year (52 weeks × 40 h); per month, 2,080 / 12.
inline constexpr double fte_hours_per_month = 2080.0 / 12.0;
inline constexpr double minutes_per_hour = 60.0;
inline constexpr double tokens_per_million = 1e6;
inline constexpr double bytes_per_gb = 1e9;  // decimal GB: storage, and the GB ftcost prints
// GPU memory is binary: an "80 GB" H100 holds 80 GiB (nvidia-smi: 81,559 MiB), a "24 GB" RTX 4090
// 24 GiB (24,564 MiB). The catalog's memory_gb is the vendor's figure, so capacity is × 2^30 bytes.
inline constexpr double bytes_per_gpu_memory_gb = 1073741824.0;
inline constexpr double flops_per_tflop = 1e12;

}  // namespace ftcost::units
