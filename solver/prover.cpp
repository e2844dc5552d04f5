#include "solver/prover.hpp"
