using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// The hand-written half of the catalogue: per create path, what the spec cannot say. Paths, kinds, fields and
/// every constraint on them come from the spec (<see cref="CreateEndpointCatalog.FromSpec(ApiSpec)"/>); a create operation
/// with no entry here is served with the defaults of its kind. Costs use the vendor's stated price where its
/// description gives one, otherwise a documented guess (see README "Credits").
/// </summary>
internal static partial class CreateEndpointCatalog
{
    /// <summary>Credits per second of video where the vendor states no price (its examples: 450 for 15 s).</summary>
    public const int VideoCreditsPerSecond = 30;

    /// <summary>Credits per output image for an image tool without an entry (a guess).</summary>
    public const int DefaultImageCredits = 50;

    private const string VideoCostNote = "guess: 30 per second of end_seconds − start_seconds, rounded up (the vendor's examples: 450 for 15 s)";
    private const string VoiceCostNote = "0.1 per character of style.prompt, rounded up (vendor description)";

    private static readonly Dictionary<string, CreateBehaviour> Behaviours = new(StringComparer.Ordinal)
    {
        // ---------------- image projects ----------------
        ["/v1/ai-headshot-generator"] = new()
        {
            Type = "AI_HEADSHOT", FaceFields = ["assets.image_file_path"], Cost = static _ => 50, CostNote = "50 per headshot (vendor description)",
        },
        ["/v1/ai-clothes-changer"] = new()
        {
            Type = "CLOTHES_CHANGER", FaceFields = ["assets.person_file_path"], Cost = static _ => 25, CostNote = "25 per image (vendor description)",
        },
        ["/v1/ai-face-editor"] = new()
        {
            Type = "FACE_EDITOR", FaceFields = ["assets.image_file_path"], Cost = static _ => 1, CostNote = "1 per edit (vendor: \"costs 1 frame\")",
        },
        ["/v1/ai-gif-generator"] = new()
        {
            Type = "AI_GIF", Cost = static _ => 50, CostNote = "50 per GIF (vendor description)",
            // webm is served as an animated GIF: the emulator has no WebM encoder.
            OutputExtension = static b => GetString(b, "output_format") == "mp4" ? "mp4" : "gif",
        },
        ["/v1/ai-image-editor"] = new()
        {
            Type = "AI_IMAGE_EDITOR", Cost = static b => 50L * ImageCount(b),
            CostNote = "guess: 50 per output image (the vendor's example charges 50 for one image)",
        },
        ["/v1/ai-image-generator"] = new()
        {
            Type = "AI_IMAGE", Cost = static b => 5L * ImageCount(b), CostNote = "guess: 5 per output image (the vendor's example charges 5)",
        },
        ["/v1/ai-image-upscaler"] = new()
        {
            Type = "IMAGE_UPSCALER", Cost = UpscalerCost,
            CostNote = "2x: 50 (25 in preserve mode); 4x: 200 (100 in preserve mode) (vendor description; pro priced like balanced)",
            Validate = static b => GetNumber(b, "scale_factor") is <= 0 ? "Field 'scale_factor' must be greater than 0." : null,
        },
        ["/v1/ai-meme-generator"] = new() { Type = "AI_MEME", Cost = static _ => 10, CostNote = "10 per meme (vendor description)" },
        ["/v1/ai-qr-code-generator"] = new()
        {
            Type = "QR_CODE", Cost = static _ => 0, CostNote = "0 (vendor description)",
            Validate = static b => GetString(b, "content") is "" ? "Field 'content' must not be empty." : null,
        },
        ["/v1/body-swap"] = new()
        {
            Type = "BODY_SWAP", FaceFields = ["assets.person_file_path"],
            Cost = static b => GetString(b, "resolution") switch { "1k" => 100, "2k" => 150, "4k" => 200, _ => 50 },
            CostNote = "640px 50 (vendor: \"from 50 credits at 640px\"); guess: 1k 100, 2k 150, 4k 200",
        },
        // The vendor's image project types list FACE_SWAP (there is no FACE_SWAP_PHOTO).
        ["/v1/face-swap-photo"] = new()
        {
            Type = "FACE_SWAP", FaceFields = ["assets.source_file_path"], Cost = static _ => 10, CostNote = "10 per photo (vendor description)",
            Validate = static b => FaceSwapMode(b, "assets.source_file_path"),
        },
        ["/v1/head-swap"] = new()
        {
            Type = "HEAD_SWAP", FaceFields = ["assets.head_file_path"], Cost = static _ => 10, CostNote = "10 per image (vendor description)",
        },
        ["/v1/image-background-remover"] = new() { Type = "BACKGROUND_REMOVER", Cost = static _ => 5, CostNote = "5 per image (vendor description)" },
        ["/v1/photo-colorizer"] = new() { Type = "PHOTO_COLORIZER", Cost = static _ => 10, CostNote = "10 per image (vendor description)" },

        // ---------------- video projects ----------------
        ["/v1/ai-talking-photo"] = Video("TALKING_PHOTO", face: ["assets.image_file_path"]),
        ["/v1/ai-video-editor"] = Video("VIDEO_EDITOR"),
        ["/v1/animation"] = new()
        {
            Type = "ANIMATION",
            Cost = static b => (long)Math.Ceiling((GetNumber(b, "fps") ?? 0) * (GetNumber(b, "end_seconds") ?? 0)),
            CostNote = "guess: 1 per frame, frames = fps × end_seconds (vendor: estimate from fps and end_seconds)",
            Validate = static b => EndAfterStart(b)
                ?? RequiredWhen(b, "assets.audio_source", "file", "assets.audio_file_path")
                ?? RequiredWhen(b, "assets.audio_source", "youtube", "assets.youtube_url"),
        },
        ["/v1/audio-to-video"] = Video("AUDIO_TO_VIDEO"),
        ["/v1/auto-subtitle-generator"] = Video("AUTO_SUBTITLE"),
        ["/v1/character-replace"] = Video("CHARACTER_REPLACE", face: ["assets.image_file_path"]),
        ["/v1/face-swap"] = Video("FACE_SWAP", face: ["assets.image_file_path"],
            validate: static b => VideoSource(b) ?? FaceSwapMode(b, "assets.image_file_path")),
        ["/v1/image-to-video"] = Video("IMAGE_TO_VIDEO"),
        ["/v1/lip-sync"] = Video("LIP_SYNC", validate: VideoSource),
        ["/v1/text-to-video"] = Video("TEXT_TO_VIDEO"),
        ["/v1/video-to-video"] = Video("VIDEO_TO_VIDEO", validate: VideoSource),
        // The vendor: "The clip must be 1-30 seconds long."
        ["/v1/ai-video-translator"] = Video("VIDEO_TRANSLATOR", validate: static b => ClipLength(b, 1, 30)),

        // ---------------- audio projects ----------------
        ["/v1/ai-voice-generator"] = new() { Type = "VOICE_GENERATOR", Cost = VoiceCost, CostNote = VoiceCostNote },
        ["/v1/ai-voice-cloner"] = new() { Type = "VOICE_CLONER", Cost = VoiceCost, CostNote = VoiceCostNote },
    };

    /// <summary>A video tool priced per second, whose clip must end after it starts.</summary>
    private static CreateBehaviour Video(string type, string[]? face = null, Func<JsonObject, string?>? validate = null) => new()
    {
        Type = type,
        FaceFields = face ?? [],
        Cost = VideoCost,
        CostNote = VideoCostNote,
        Validate = b => EndAfterStart(b) ?? validate?.Invoke(b),
    };

    private static int ImageCount(JsonObject body) => (int)(GetNumber(body, "image_count") ?? 1);

    private static long UpscalerCost(JsonObject body)
    {
        var preserve = GetString(body, "style.mode") == "preserve";
        return (GetNumber(body, "scale_factor") ?? 2) <= 2 ? (preserve ? 25 : 50) : (preserve ? 100 : 200);
    }

    private static long VideoCost(JsonObject body)
    {
        var start = GetNumber(body, "start_seconds") ?? 0;
        var end = GetNumber(body, "end_seconds") ?? 0;
        return (long)Math.Ceiling(Math.Max(0, end - start) * VideoCreditsPerSecond);
    }

    private static long VoiceCost(JsonObject body) => (long)Math.Ceiling((GetString(body, "style.prompt")?.Length ?? 0) / 10.0);

    private static string? EndAfterStart(JsonObject body) =>
        GetNumber(body, "end_seconds") is { } end && end <= (GetNumber(body, "start_seconds") ?? 0)
            ? "Field 'end_seconds' must be greater than 'start_seconds'."
            : null;

    private static string? ClipLength(JsonObject body, double min, double max)
    {
        var length = (GetNumber(body, "end_seconds") ?? 0) - (GetNumber(body, "start_seconds") ?? 0);
        return length < min || length > max
            ? $"Field 'end_seconds' must make a clip of {min} to {max} seconds (end_seconds - start_seconds is {length})."
            : null;
    }

    private static string? RequiredWhen(JsonObject body, string switchPath, string switchValue, string requiredPath) =>
        GetString(body, switchPath) == switchValue && string.IsNullOrEmpty(GetString(body, requiredPath))
            ? $"Missing required field '{requiredPath}' (required when '{switchPath}' is '{switchValue}')."
            : null;

    private static string? VideoSource(JsonObject body) =>
        RequiredWhen(body, "assets.video_source", "file", "assets.video_file_path")
        ?? RequiredWhen(body, "assets.video_source", "youtube", "assets.youtube_url");

    /// <summary>all-faces (the default) needs the source face file; individual-faces needs face_mappings.</summary>
    private static string? FaceSwapMode(JsonObject body, string sourceField)
    {
        if (GetString(body, "assets.face_swap_mode") == "individual-faces")
        {
            return Get(body, "assets.face_mappings") is JsonArray { Count: > 0 }
                ? null
                : "Missing required field 'assets.face_mappings' (required when 'assets.face_swap_mode' is 'individual-faces').";
        }
        return string.IsNullOrEmpty(GetString(body, sourceField))
            ? $"Missing required field '{sourceField}' (required when 'assets.face_swap_mode' is 'all-faces', the default)."
            : null;
    }
}
