// Test helper: holds a zhsearch database's write lock until stdin closes,
// so tests can check what a second writer sees without racing.
#include <iostream>
#include <string>

#include "index/index_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: hold_write_lock DB_DIR\n";
    return 2;
  }
  zh::index::IndexWriter writer(argv[1]);
  std::cout << "locked" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
