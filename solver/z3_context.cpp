#include "solver/z3_context.hpp"
