/**
 * From residual-stream activations to factored beliefs and back: the research loop of the AFP notes, section 1 (probe,
 * factor, steer, map back) on the activation side.
 *
 * <h2>Inputs and alignment</h2>
 * {@link dev.ghmm.probe.Activations}: x<sub>i,p</sub> ∈ ℝ<sup>d</sup> for sequence i &lt; N and position p &lt; P, from a
 * {@code .npy} file [N, P, d] or [layers, N, P, d] (float16/32/64, read a window at a time). {@link dev.ghmm.probe.BeliefDataset}:
 * a {@code ghmm-dataset/1} directory with beliefs η<sub>i,r</sub> for rows r = 0 … L (row r: after reading
 * x<sub>1:r</sub>, eq. 2.3), joint ({@code beliefs.npy}) and per factor ({@code beliefs.f<f>.npy}). Position p is
 * paired with row r = r<sub>0</sub> + p. Activations recorded on the dataset's {@code tokens.npy} whole, or on its
 * inputs tokens[:, :-1] (the batches of {@code python/ghmm_data.py}), have position p after reading token columns
 * 0 … p: with a BOS token (P = L + 1 or L) position 0 reads BOS and carries the initial belief, r<sub>0</sub> = 0;
 * without (P = L or L − 1) position 0 has read x<sub>1</sub>, r<sub>0</sub> = 1. P = L + 1 on a dataset without BOS
 * is a BOS position of the model's own, r<sub>0</sub> = 0. Any other layout gives r<sub>0</sub> explicitly.
 *
 * <h2>Weights and merged prefixes</h2>
 * A row weighs w = 1, or w = Pr(x<sub>1:r</sub>) = exp(logprob) (1 at r = 0). With merging, the rows whose prefixes
 * x<sub>1:r</sub> coincide (hence whose beliefs coincide) become one row: their w-weighted mean activation, the common
 * belief, the summed weight. When activations are a function of the prefix (a causal model), merging changes no moment
 * below, so the fit is the same; it averages activations that differ otherwise.
 *
 * <h2>Fit (step 1)</h2>
 * Let z = [x, y, y<sup>π</sup>] where y stacks the targets (joint, factors) and y<sup>π</sup> is the same for the
 * sequence π(i) at the same row, π a seeded permutation of the split's sequences. Per split (training: the first
 * sequences; validation: the last fraction) the rows are streamed once into the weighted moments
 * <blockquote>
 * W = Σ w,   μ = Σ w z / W,   C = Σ w (z − μ)(z − μ)ᵀ,
 * </blockquote>
 * merged block by block with the pairwise update of Chan, Golub and LeVeque; memory O((d + 2k)²) whatever N·P.
 * With Σ<sub>xx</sub> = C<sub>xx</sub>/W and Σ<sub>xy</sub> = C<sub>xy</sub>/W of the training rows, the probe
 * ŷ = c + Bᵀx minimises Σ w ‖y − c − Bᵀx‖² + λW‖B‖<sub>F</sub>² (the intercept unpenalised):
 * <blockquote>
 * (Σ<sub>xx</sub> + λI) B = Σ<sub>xy</sub>,   c = μ<sub>y</sub> − Bᵀμ<sub>x</sub>,
 * </blockquote>
 * solved by Cholesky, or by the SVD of Σ<sub>xx</sub> + λI = VSVᵀ as B = VS⁺VᵀΣ<sub>xy</sub> with singular values below a
 * relative cut-off dropped. Without ridge or cut-off a design whose Σ<sub>xx</sub> has eigenvalues at or below
 * {@link dev.ghmm.probe.ProbeFit#RANK_TOLERANCE} of the largest is refused. On any split, with its own moments, the
 * errors follow without a second pass:
 * <blockquote>
 * SSE<sub>j</sub> = C<sub>jj</sub> − 2b<sub>j</sub>ᵀC<sub>xj</sub> + b<sub>j</sub>ᵀC<sub>xx</sub>b<sub>j</sub> + W(μ<sub>j</sub> − c<sub>j</sub> − b<sub>j</sub>ᵀμ<sub>x</sub>)²,   SST<sub>j</sub> = C<sub>jj</sub>,
 * </blockquote>
 * (j indexing the columns of y) giving R² and RMSE per dimension and pooled per target ({@link dev.ghmm.probe.Scores}). The columns of
 * y<sup>π</sup> give the shuffled baseline: a probe fitted to beliefs of other sequences at the same positions, which
 * scores what position and chance alone explain. Since least squares is linear in the targets, the marginals of the
 * joint probe are the factor probes whenever the joint beliefs' marginals are the factor beliefs.
 *
 * <h2>Geometry</h2>
 * {@link dev.ghmm.probe.Geometry}: the read subspace R<sub>f</sub> = range(W<sub>f</sub>ᵀU<sub>f</sub>) of each factor
 * (U<sub>f</sub> the directions its beliefs move in), principal angles between them, the dimension of their union,
 * and the effective dimension (Σλ)²/Σλ² of the activation covariance's eigenvalues λ. {@link dev.ghmm.probe.SubspaceOverlap}
 * compares two subspaces against random ones; {@link dev.ghmm.probe.ProjectedRegression} refits a factor's probe from
 * the activations projected on the first k directions of a subspace, from the same moments;
 * {@link dev.ghmm.probe.VaryOneSubspace} finds where the activations move when only factor f varies (a dataset with
 * every other factor frozen, centred per group and position).
 *
 * <h2>Steering (steps 2–4)</h2>
 * {@link dev.ghmm.probe.ActivationSteering}: Δx = K⁺ρ, the least-norm change with W<sub>f</sub>Δx = η′<sub>f</sub> −
 * η̂<sub>f</sub> and W<sub>g</sub>Δx = 0 for g ≠ f, with the predicted change on every factor; steering vectors are
 * written as float32 {@code .npy} through {@link dev.ghmm.io.Npy}.
 *
 * <h2>Files</h2>
 * {@link dev.ghmm.probe.ProbeFiles#write} and {@link dev.ghmm.probe.ProbeFiles#read}: the probe directory
 * {@code ghmm-probe/1}, {@code probe.json} with every score and the geometry, and the weights, intercepts and belief
 * directions of each target as float64 {@code .npy} (docs/guide.md, "The probe directory").
 */
package dev.ghmm.probe;
