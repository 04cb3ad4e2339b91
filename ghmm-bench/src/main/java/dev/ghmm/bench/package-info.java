/**
 * JMH benchmarks of operators, filters, datasets and measures, and the report (docs/performance.md) that sets each
 * result beside its arithmetic limit and beside numpy and EJML on the same machine in the same run.
 */
package dev.ghmm.bench;
