/**
 * The {@code ghmm} command line and its files: process files in JSON (matrices, catalogue references, factored
 * processes, direct sums), datasets as {@code .npy} arrays with {@code meta.json} (the {@code ghmm-dataset/1} layout),
 * pictures as PNG. Every command prints JSON (or text with {@code --text}); exit code 0 on success, 2 on bad input
 * with one line on stderr, 1 when a check fails.
 */
package dev.ghmm.cli;
