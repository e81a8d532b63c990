namespace EndoDepth.Registration;

/// <summary>The outcome of a <see cref="OnePlusOneEvolution"/> run.</summary>
/// <typeparam name="TPoint">The search space's points.</typeparam>
/// <param name="Best">The parent at the end: the best point evaluated.</param>
/// <param name="Fitness">Its fitness (the objective, maximised).</param>
/// <param name="Evaluations">Objective evaluations, the start's included.</param>
/// <param name="Successes">Offspring that replaced their parent.</param>
/// <param name="FinalStep">σ at the end.</param>
/// <param name="Converged">True when σ fell below the floor (<see cref="EvolutionSettings.MinStep"/>); false when
/// the evaluation budget ran out first.</param>
public sealed record EvolutionResult<TPoint>(
    TPoint Best, double Fitness, int Evaluations, int Successes, double FinalStep, bool Converged);
