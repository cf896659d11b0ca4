// The ftcost executable: everything lives in ftcost_core; this only hands over the arguments.
#include "app.hpp"

int main(int argc, char** argv) { return ftcost::cli::run(argc, argv); }
