namespace TrafficEngine.Commute;

/// <summary>Whether <see cref="TransportationSolver"/> minimised or maximised the total cost.</summary>
public enum OptimisationSense
{
    Minimise,
    Maximise,
}

/// <summary>
/// An optimal flow of a <see cref="TransportationProblem"/>. The solver works in integers: amounts are multiplied by
/// <see cref="FlowScale"/> (1 when every supply and demand is a whole number, else 1000, apportioned by largest
/// remainders so both sides keep one integer total) and costs by <see cref="CostScale"/> and rounded.
/// <see cref="ScaledFlow"/> and <see cref="SolverCost"/> are that exact integer problem (for maximisation the solver
/// minimises <c>CostCeiling - cost</c>), whose optimality <see cref="TransportationDuals"/> certifies exactly.
/// <see cref="Objective"/> is sum c_ij x_ij in the caller's real costs over the real flow <see cref="Flow"/>; it is
/// within <see cref="ObjectiveErrorBound"/> of the true real optimum (cost rounding: total / CostScale; amount
/// rounding: (rows + columns) / FlowScale x the largest cost).
/// </summary>
public sealed record TransportationSolution(
    OptimisationSense Sense,
    double Objective,
    double[] Flow,
    long[] ScaledFlow,
    long[] SolverCost,
    long[] ScaledSupply,
    long[] ScaledDemand,
    double FlowScale,
    double CostScale,
    long CostCeiling,
    double ObjectiveErrorBound)
{
    /// <summary>Objective / total amount: the mean cost per unit (per commuter); NaN for an empty problem.</summary>
    public double MeanCost(double total) => total > 0 ? Objective / total : double.NaN;
}
