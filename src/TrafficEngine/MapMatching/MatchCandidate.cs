namespace TrafficEngine.MapMatching;

/// <summary>
/// One candidate position of a fix on the network: a directed edge (dense index), the distance along it from its start
/// node, and the distance of the fix from that position, both in metres. A plain struct held in flat arrays.
/// </summary>
public readonly record struct MatchCandidate(int Edge, double OffsetMetres, double DistanceMetres);
