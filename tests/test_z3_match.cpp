// Placeholder: written with the z3_match piece of the prover.
