/**
 * Drawing sequences: {@link dev.ghmm.sampling.Datasets} generates blocks of sequences with their beliefs, part
 * beliefs, next-symbol distributions, losses and prefix log-probabilities through belief filters, sequence i from its
 * own generator seeded by (seed, i), so the result is the same for any number of threads or shards;
 * {@link dev.ghmm.sampling.Sampler} draws tokens only, through an HMM's hidden states when it can. Above
 * {@code process}.
 */
package dev.ghmm.sampling;
