using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// POST /v1/face-detection and GET /v1/face-detection/{id}: a free task that, after the render time,
/// lists one face crop per detected face (one for any image with content, none for a faceless image).
/// </summary>
internal static partial class EmulatorEndpoints
{
    private const string FaceDetectionKind = "face-detection";

    static partial void MapFaceDetection(WebApplication app, EmulatorState state)
    {
        Route(app.MapPost("/v1/face-detection", ctx => DetectFacesAsync(ctx, state)), "POST /v1/face-detection", RouteGroup.Create);
        Route(app.MapGet("/v1/face-detection/{id}", ctx => GetFaceDetectionAsync(ctx, state)), "GET /v1/face-detection", RouteGroup.Api);
    }

    private static async Task DetectFacesAsync(HttpContext ctx, EmulatorState state)
    {
        state.CountCreateReceived();
        var read = await ReadJsonObjectAsync(ctx, state);
        if (read.Body is null)
        {
            await JsonResponses.WriteMessageAsync(ctx, read.Status, read.Error!);
            return;
        }
        var body = read.Body;
        var inputs = new List<string>();
        var schema = state.Spec.Operation("post", "/v1/face-detection") is { } operation ? state.Spec.RequestSchema(operation) : null;
        var error = ValidateBody(state, body, schema ?? [], inputs);
        if (error is not null)
        {
            await JsonResponses.WriteMessageAsync(ctx, 422, error);
            return;
        }
        var fault = FaultOf(ctx);
        var now = state.Now;
        state.TryCreate(0, () => new ProjectRecord
        {
            Id = Ids.TaskId(),
            KindName = FaceDetectionKind,
            Type = "FACE_DETECTION",
            CreateRoute = "POST /v1/face-detection",
            CreatedAt = now,
            Cost = 0,
            OutcomeFault = fault?.Kind is EmulatorFaultKind.StuckRendering or EmulatorFaultKind.EndInError ? fault.Kind : null,
            Inputs = inputs,
            FaceInput = CreateEndpointCatalog.GetString(body, "assets.target_file_path"),
        }, out var task, out _);

        if (fault?.Kind == EmulatorFaultKind.DropConnection)
        {
            Abort(ctx);
            return;
        }
        await JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject { ["id"] = task!.Id, ["credits_charged"] = 0 });
    }

    private static async Task GetFaceDetectionAsync(HttpContext ctx, EmulatorState state)
    {
        var task = state.FindProject((string)ctx.Request.RouteValues["id"]!);
        if (task is null || task.KindName != FaceDetectionKind)
        {
            await JsonResponses.WriteMessageAsync(ctx, 404, "Not Found");
            return;
        }
        var status = state.StatusOf(task);
        var faces = new JsonArray();
        if (status == "complete")
        {
            foreach (var path in task.Faces)
            {
                faces.Add((JsonNode)new JsonObject { ["path"] = path, ["url"] = state.SignedDownloadUrl(path).Url });
            }
        }
        await JsonResponses.WriteNodeAsync(ctx, 200, new JsonObject
        {
            ["id"] = task.Id,
            ["credits_charged"] = task.CreditsCharged,
            ["status"] = status,
            ["faces"] = faces,
        });
    }
}
