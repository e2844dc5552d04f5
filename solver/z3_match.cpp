#include "solver/z3_match.hpp"
