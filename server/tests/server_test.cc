#include <gtest/gtest.h>
TEST(ServiceTest, Builds) {}
