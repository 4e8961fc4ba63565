// xiufu::UnsetAllocator — an allocator adaptor for arrays whose every element is written before
// it is read: growing the vector (resize) leaves the new elements unset instead of writing
// defaults, so the memory is first touched by whoever fills it (the threads that evaluate into
// an outcome array; the copy of a text into a PackedTexts) rather than zeroed once before.
// Elements must be trivially copyable and destructible (plain aggregates, bytes); copies and
// explicit values construct as usual. Stateless; thread-safe as its base allocator is.
#ifndef XIUFU_RUNTIME_UNSET_ALLOCATOR_H_
#define XIUFU_RUNTIME_UNSET_ALLOCATOR_H_

#include <new>
#include <type_traits>
#include <utility>

namespace xiufu {

template <typename T, template <typename> class Base>
struct UnsetAllocator : Base<T> {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  template <typename U>
  struct rebind {
    using other = UnsetAllocator<U, Base>;
  };
  UnsetAllocator() = default;
  template <typename U>
  UnsetAllocator(const UnsetAllocator<U, Base>&) noexcept {}  // NOLINT: rebinding
  template <typename U>
  void construct(U*) noexcept {}  // value-initialisation by resize: left unset
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_UNSET_ALLOCATOR_H_
