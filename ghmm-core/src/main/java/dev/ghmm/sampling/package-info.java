/**
 * Drawing sequences: {@link dev.ghmm.sampling.Datasets} generates blocks of sequences with their beliefs, part
 * beliefs, next-symbol distributions, losses and prefix log-probabilities through belief filters, sequence i from its
 * own generator seeded by (seed, i) ({@link dev.ghmm.Seeds}), so the result is the same for any number of threads or
 * shards; {@code Process.sample(seed, L)} is sequence 0. Above {@code process}.
 */
package dev.ghmm.sampling;
