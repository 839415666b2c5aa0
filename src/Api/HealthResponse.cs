namespace Api;

/// <summary>Liveness answer of the API.</summary>
public sealed record HealthResponse(string Status, string ArrowFormat);
