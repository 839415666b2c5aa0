namespace TrafficEngine;

/// <summary>
/// Progress of work done in stages (congestion: reading the traversals, then aggregating them): the stage's name, how
/// much of it is done and of how much (0 when the total is not known), and the unit counted.
/// </summary>
public readonly record struct StageProgress(string Stage, long Done, long Total, string Unit);
