#pragma once
// A list that copies in O(1): copies share one vector until one of them is changed, which then takes
// its own (copy on write). The catalog is copied for every price book merged over the shipped one
// (each `estimate --catalog`, each calibration fold, each fuzz input) and mostly only read after.
//
// Reading goes through the const members, or `view()`; any non-const access (iterating a non-const
// list included) first makes the vector this list's own. A reference or iterator so obtained points
// into that vector: a copy of the list made while it is held shares the vector again, and writes
// through it would show in both — so, as with a vector being iterated, take no copy of a list while
// editing it through a reference (a price book's merge holds `edit()` for its section and copies
// nothing meanwhile). `edit()` hands out the vector itself for code that builds it.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace ftcost {

template <typename T>
class SharedList {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  SharedList() : data_(empty_vector()) {}
  SharedList(std::initializer_list<T> items) : data_(std::make_shared<std::vector<T>>(items)) {}
  explicit SharedList(std::vector<T> items) : data_(std::make_shared<std::vector<T>>(std::move(items))) {}
  SharedList(const SharedList&) = default;
  SharedList& operator=(const SharedList&) = default;
  // A moved-from list is empty, as a moved-from vector may be, never null; sharing the one empty
  // vector allocates nothing, so moving cannot throw.
  SharedList(SharedList&& other) noexcept : data_(std::exchange(other.data_, empty_vector())) {}
  SharedList& operator=(SharedList&& other) noexcept {
    if (this != &other) data_ = std::exchange(other.data_, empty_vector());
    return *this;
  }
  ~SharedList() = default;

  const std::vector<T>& view() const { return *data_; }
  operator const std::vector<T>&() const { return *data_; }  // NOLINT(google-explicit-constructor): reads as a vector

  std::size_t size() const { return data_->size(); }
  bool empty() const { return data_->empty(); }
  const_iterator begin() const { return data_->cbegin(); }
  const_iterator end() const { return data_->cend(); }
  const T& operator[](std::size_t i) const { return (*data_)[i]; }
  const T& front() const { return data_->front(); }
  const T& back() const { return data_->back(); }

  // The vector itself, this list's own from here on.
  std::vector<T>& edit() {
    if (data_.use_count() > 1) data_ = std::make_shared<std::vector<T>>(*data_);
    return *data_;
  }
  iterator begin() { return edit().begin(); }
  iterator end() { return edit().end(); }
  T& operator[](std::size_t i) { return edit()[i]; }
  T& front() { return edit().front(); }
  T& back() { return edit().back(); }
  void push_back(const T& item) { edit().push_back(item); }
  void push_back(T&& item) { edit().push_back(std::move(item)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return edit().emplace_back(std::forward<Args>(args)...);
  }
  void clear() { edit().clear(); }
  void resize(std::size_t size) { edit().resize(size); }
  void reserve(std::size_t size) { edit().reserve(size); }

  bool operator==(const SharedList& other) const { return data_ == other.data_ || *data_ == *other.data_; }

 private:
  // Shared by every empty list (held here too, so a list never edits it in place).
  static const std::shared_ptr<std::vector<T>>& empty_vector() noexcept {
    static const std::shared_ptr<std::vector<T>> empty = std::make_shared<std::vector<T>>();
    return empty;
  }

  std::shared_ptr<std::vector<T>> data_;
};

}  // namespace ftcost
