/**
 * Networks: layers, activations, losses, optimizers, datasets and training.
 * @module
 */
export {};
