using Api;
using TrafficEngine.Arrow;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

WebApplication app = builder.Build();
app.UseExceptionHandler();
app.MapOpenApi();
app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok", ArrowFiles.FormatVersion)));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
