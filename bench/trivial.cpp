// The baseline for bench/startup.sh: a C++ program that starts, prints one line and exits.
#include <iostream>

int main() {
  std::cout << "ftcost startup baseline\n";
  return 0;
}
