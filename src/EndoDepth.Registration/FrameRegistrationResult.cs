using EndoDepth.Geometry;

namespace EndoDepth.Registration;

/// <summary>The registration of one optical frame.</summary>
/// <param name="Pose">The registered camera → world pose (the best found, also when not converged).</param>
/// <param name="StartPose">The pose the search started from.</param>
/// <param name="Similarity">The similarity reached at the finest level.</param>
/// <param name="Evaluations">Virtual views rendered and scored, all levels together.</param>
/// <param name="Converged">True when the finest level's step size fell below its floor within the budget and the
/// similarity reached <see cref="RegistrationSettings.ConvergedSimilarity"/>. A frame that did not converge gets no
/// depth.</param>
public sealed record FrameRegistrationResult(
    RigidPose Pose, RigidPose StartPose, double Similarity, int Evaluations, bool Converged);
