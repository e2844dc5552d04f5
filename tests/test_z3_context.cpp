// Placeholder: written with the z3_context piece of the prover.
