// Placeholder: written with the properties piece of the prover.
