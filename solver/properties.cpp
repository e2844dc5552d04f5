#include "solver/properties.hpp"
