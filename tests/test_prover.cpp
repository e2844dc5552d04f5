// Placeholder: written with the prover piece of the prover.
