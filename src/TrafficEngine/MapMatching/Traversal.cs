namespace TrafficEngine.MapMatching;

/// <summary>
/// One pass of a vehicle along one directed edge (dense index), between two offsets along it in metres, with the
/// interpolated times it was at those offsets (UTC epoch milliseconds) and the matcher's confidence (see
/// <see cref="TrajectoryMatch.Confidence"/>). Partial first and last edges of a trajectory cover only part of the edge.
/// </summary>
public readonly record struct Traversal(int Edge, int Piece, double StartOffsetMetres, double EndOffsetMetres,
    double EnterTimeMs, double ExitTimeMs, double Confidence)
{
    public double LengthMetres => EndOffsetMetres - StartOffsetMetres;
}
