using System.Text.Json.Nodes;

namespace MagicHour.Emulator;

/// <summary>
/// The other 27 create operations of the vendor spec. Required fields follow the vendor's request
/// schemas; costs use the vendor's stated price where its description gives one, otherwise a
/// documented guess (see README "Credits").
/// </summary>
internal static partial class CreateEndpointCatalog
{
    /// <summary>Credits per second of video where the vendor states no price (its examples: 450 for 15 s).</summary>
    public const int VideoCreditsPerSecond = 30;

    static partial void AddOtherEndpoints(List<CreateEndpoint> list)
    {
        // ---------------- image projects ----------------
        list.Add(Image("/v1/ai-clothes-changer", "CLOTHES_CHANGER", "Clothes Changer",
            ["assets:object", "assets.person_file_path:string", "assets.garment_file_path:string"],
            face: ["assets.person_file_path"], cost: _ => 25, note: "25 per image (vendor description)",
            validate: b => Enum(b, "assets.garment_type", "entire_outfit", "upper_body", "lower_body", "dresses")));
        list.Add(Image("/v1/ai-face-editor", "FACE_EDITOR", "Face Editor",
            ["assets:object", "assets.image_file_path:string", "style:object"],
            face: ["assets.image_file_path"], cost: _ => 1, note: "1 per edit (vendor: \"costs 1 frame\")"));
        list.Add(new CreateEndpoint
        {
            Path = "/v1/ai-gif-generator",
            Kind = ProjectKind.Image,
            Type = "AI_GIF",
            DefaultName = "Ai Gif",
            Required = ["style:object", "style.prompt:string"],
            Cost = _ => 50,
            CostNote = "50 per GIF (vendor description)",
            Validate = b => Enum(b, "output_format", "gif", "mp4", "webm"),
            // webm is served as an animated GIF: the emulator has no WebM encoder.
            OutputExtension = b => GetString(b, "output_format") == "mp4" ? "mp4" : "gif",
        });
        list.Add(new CreateEndpoint
        {
            Path = "/v1/ai-image-editor",
            Kind = ProjectKind.Image,
            Type = "AI_IMAGE_EDITOR",
            DefaultName = "Ai Image Editor",
            Required = ["style:object", "style.prompt:string", "assets:object"],
            Cost = b => 50L * ImageCount(b),
            CostNote = "guess: 50 per output image (the vendor's example charges 50 for one image)",
            Validate = b => GetNumber(b, "image_count") is { } n && n is not (1 or 4 or 9 or 16)
                ? "Field 'image_count' must be one of 1, 4, 9, 16." : null,
            OutputCount = ImageCount,
        });
        list.Add(new CreateEndpoint
        {
            Path = "/v1/ai-image-generator",
            Kind = ProjectKind.Image,
            Type = "AI_IMAGE",
            DefaultName = "Ai Image",
            Required = ["image_count:integer", "style:object", "style.prompt:string"],
            Cost = b => 5L * ImageCount(b),
            CostNote = "guess: 5 per output image (the vendor's example charges 5)",
            Validate = b => GetNumber(b, "image_count") is { } n && n is < 1 or > 16
                ? "Field 'image_count' must be between 1 and 16." : Enum(b, "aspect_ratio", "1:1", "16:9", "9:16"),
            OutputCount = ImageCount,
        });
        list.Add(Image("/v1/ai-image-upscaler", "IMAGE_UPSCALER", "Image Upscaler",
            ["scale_factor:number", "assets:object", "assets.image_file_path:string"],
            face: [], cost: UpscalerCost,
            note: "2x: 50 (25 in preserve mode); 4x: 200 (100 in preserve mode) (vendor description; pro priced like balanced)",
            validate: b => GetNumber(b, "scale_factor") is <= 0 ? "Field 'scale_factor' must be greater than 0."
                : Enum(b, "style.mode", "pro", "preserve", "balanced", "creative")));
        list.Add(Image("/v1/ai-meme-generator", "AI_MEME", "Meme",
            ["style:object", "style.topic:string", "style.template:string"],
            face: [], cost: _ => 10, note: "10 per meme (vendor description)"));
        list.Add(Image("/v1/ai-qr-code-generator", "QR_CODE", "Qr Code",
            ["content:string", "style:object", "style.art_style:string"],
            face: [], cost: _ => 0, note: "0 (vendor description)",
            validate: b => GetString(b, "content") is "" ? "Field 'content' must not be empty." : null));
        list.Add(Image("/v1/body-swap", "BODY_SWAP", "Body Swap",
            ["resolution:string", "assets:object", "assets.person_file_path:string", "assets.scene_file_path:string"],
            face: ["assets.person_file_path"],
            cost: b => GetString(b, "resolution") switch { "1k" => 100, "2k" => 150, "4k" => 200, _ => 50 },
            note: "640px 50 (vendor: \"from 50 credits at 640px\"); guess: 1k 100, 2k 150, 4k 200",
            validate: b => Enum(b, "resolution", "640px", "1k", "2k", "4k")));
        list.Add(Image("/v1/face-swap-photo", "FACE_SWAP_PHOTO", "Face Swap",
            ["assets:object", "assets.target_file_path:string"],
            face: ["assets.source_file_path"], cost: _ => 10, note: "10 per photo (vendor description)",
            validate: b => FaceSwapMode(b, "assets.source_file_path")));
        list.Add(Image("/v1/head-swap", "HEAD_SWAP", "Head Swap",
            ["assets:object", "assets.body_file_path:string", "assets.head_file_path:string"],
            face: ["assets.head_file_path"], cost: _ => 10, note: "10 per image (vendor description)"));
        list.Add(Image("/v1/image-background-remover", "BACKGROUND_REMOVER", "Background Remover",
            ["assets:object", "assets.image_file_path:string"],
            face: [], cost: _ => 5, note: "5 per image (vendor description)"));
        list.Add(Image("/v1/photo-colorizer", "PHOTO_COLORIZER", "Photo Colorizer",
            ["assets:object", "assets.image_file_path:string"],
            face: [], cost: _ => 10, note: "10 per image (vendor description)"));

        // ---------------- video projects ----------------
        list.Add(Video("/v1/ai-talking-photo", "TALKING_PHOTO", "Talking Photo",
            ["start_seconds:number", "end_seconds:number", "assets:object", "assets.image_file_path:string", "assets.audio_file_path:string"],
            face: ["assets.image_file_path"]));
        list.Add(Video("/v1/ai-video-editor", "VIDEO_EDITOR", "Video Editor",
            ["end_seconds:number", "style:object", "style.prompt:string", "assets:object", "assets.video_file_path:string"]));
        list.Add(new CreateEndpoint
        {
            Path = "/v1/animation",
            Kind = ProjectKind.Video,
            Type = "ANIMATION",
            DefaultName = "Animation",
            Required =
            [
                "fps:number", "end_seconds:number", "height:integer", "width:integer", "style:object", "style.art_style:string",
                "style.camera_effect:string", "style.prompt_type:string", "style.transition_speed:integer", "assets:object", "assets.audio_source:string",
            ],
            Cost = b => (long)Math.Ceiling((GetNumber(b, "fps") ?? 0) * (GetNumber(b, "end_seconds") ?? 0)),
            CostNote = "guess: 1 per frame, frames = fps × end_seconds (vendor: estimate from fps and end_seconds)",
            Validate = b => Seconds(b)
                ?? (GetNumber(b, "fps") is < 1 ? "Field 'fps' must be at least 1." : null)
                ?? (GetNumber(b, "width") is < 64 || GetNumber(b, "height") is < 64 ? "Fields 'width' and 'height' must be at least 64." : null)
                ?? Enum(b, "assets.audio_source", "none", "file", "youtube")
                ?? RequiredWhen(b, "assets.audio_source", "file", "assets.audio_file_path")
                ?? RequiredWhen(b, "assets.audio_source", "youtube", "assets.youtube_url"),
        });
        list.Add(Video("/v1/audio-to-video", "AUDIO_TO_VIDEO", "Audio To Video",
            ["end_seconds:number", "assets:object", "assets.audio_file_path:string"]));
        list.Add(Video("/v1/auto-subtitle-generator", "AUTO_SUBTITLE", "Auto Subtitle",
            ["start_seconds:number", "end_seconds:number", "assets:object", "assets.video_file_path:string", "style:object"],
            validate: b => Enum(b, "style.template", "karaoke", "cinematic", "minimalist", "highlight")));
        list.Add(Video("/v1/character-replace", "CHARACTER_REPLACE", "Character Replace",
            ["end_seconds:number", "assets:object", "assets.video_file_path:string", "assets.image_file_path:string"],
            face: ["assets.image_file_path"]));
        list.Add(Video("/v1/face-swap", "FACE_SWAP", "Face Swap",
            ["start_seconds:number", "end_seconds:number", "assets:object", "assets.video_source:string"],
            face: ["assets.image_file_path"],
            validate: b => VideoSource(b) ?? FaceSwapMode(b, "assets.image_file_path")));
        list.Add(Video("/v1/image-to-video", "IMAGE_TO_VIDEO", "Image To Video",
            ["end_seconds:number", "assets:object", "assets.image_file_path:string"],
            validate: b => GetNumber(b, "end_seconds") is < 1 or > 60 ? "Field 'end_seconds' must be between 1 and 60." : null));
        list.Add(Video("/v1/lip-sync", "LIP_SYNC", "Lip Sync",
            ["start_seconds:number", "end_seconds:number", "assets:object", "assets.audio_file_path:string", "assets.video_source:string"],
            validate: VideoSource));
        list.Add(Video("/v1/text-to-video", "TEXT_TO_VIDEO", "Text To Video",
            ["end_seconds:number", "style:object", "style.prompt:string"],
            validate: b => GetNumber(b, "end_seconds") is < 1 or > 60 ? "Field 'end_seconds' must be between 1 and 60." : null));
        list.Add(Video("/v1/video-to-video", "VIDEO_TO_VIDEO", "Video To Video",
            ["start_seconds:number", "end_seconds:number", "style:object", "style.art_style:string", "assets:object", "assets.video_source:string"],
            validate: VideoSource));

        list.Add(Video("/v1/ai-video-translator", "VIDEO_TRANSLATOR", "Video Translator",
            ["end_seconds:number", "target_language:string", "assets:object", "assets.video_file_path:string"],
            validate: b => ClipLength(b, 1, 30)
                ?? Enum(b, "target_language", TranslatorLanguages)
                ?? Enum(b, "resolution", "480p", "720p", "1080p")));

        // ---------------- audio projects ----------------
        list.Add(Audio("/v1/ai-voice-generator", "VOICE_GENERATOR", "Voice Generator",
            ["style:object", "style.prompt:string", "style.voice_name:string"]));
        list.Add(Audio("/v1/ai-voice-cloner", "VOICE_CLONER", "Voice Cloner",
            ["assets:object", "assets.audio_file_path:string", "style:object", "style.prompt:string"]));
    }

    private static CreateEndpoint Image(string path, string type, string name, string[] required, string[] face,
        Func<JsonObject, long> cost, string note, Func<JsonObject, string?>? validate = null) => new()
    {
        Path = path,
        Kind = ProjectKind.Image,
        Type = type,
        DefaultName = name,
        Required = required,
        FaceFields = face,
        Cost = cost,
        CostNote = note,
        Validate = validate,
    };

    private static CreateEndpoint Video(string path, string type, string name, string[] required, string[]? face = null,
        Func<JsonObject, string?>? validate = null) => new()
    {
        Path = path,
        Kind = ProjectKind.Video,
        Type = type,
        DefaultName = name,
        Required = required,
        FaceFields = face ?? [],
        Cost = VideoCost,
        CostNote = $"guess: {VideoCreditsPerSecond} per second of end_seconds − start_seconds, rounded up (the vendor's examples: 450 for 15 s)",
        Validate = b => Seconds(b) ?? validate?.Invoke(b),
    };

    private static CreateEndpoint Audio(string path, string type, string name, string[] required) => new()
    {
        Path = path,
        Kind = ProjectKind.Audio,
        Type = type,
        DefaultName = name,
        Required = required,
        Cost = b => (long)Math.Ceiling((GetString(b, "style.prompt")?.Length ?? 0) / 10.0),
        CostNote = "0.1 per character of style.prompt, rounded up (vendor description)",
        Validate = b => GetString(b, "style.prompt") is "" ? "Field 'style.prompt' must not be empty." : null,
    };

    private static readonly string[] TranslatorLanguages = ["English", "Chinese (Simplified)", "Hindi", "Spanish", "Arabic", "French", "Afrikaans", "Bengali", "Bulgarian", "Catalan", "Croatian", "Czech", "Danish", "Dutch", "Estonian", "Finnish", "German", "Greek", "Gujarati", "Hebrew", "Hungarian", "Indonesian", "Italian", "Japanese", "Kannada", "Kazakh", "Korean", "Latvian", "Lithuanian", "Malay", "Malayalam", "Marathi", "Norwegian", "Persian", "Polish", "Portuguese", "Punjabi", "Romanian", "Russian", "Serbian", "Slovak", "Slovenian", "Swahili", "Swedish", "Tamil", "Telugu", "Thai", "Chinese (Traditional)", "Turkish", "Ukrainian", "Urdu", "Vietnamese", "Welsh"];

    private static string? ClipLength(JsonObject body, double min, double max)
    {
        var length = (GetNumber(body, "end_seconds") ?? 0) - (GetNumber(body, "start_seconds") ?? 0);
        return length < min || length > max
            ? $"Field 'end_seconds' must make a clip of {min} to {max} seconds (end_seconds - start_seconds is {length})."
            : null;
    }

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

    private static string? Seconds(JsonObject body)
    {
        var start = GetNumber(body, "start_seconds");
        var end = GetNumber(body, "end_seconds");
        if (start is < 0)
        {
            return "Field 'start_seconds' must be at least 0.";
        }
        if (end is < 0.1)
        {
            return "Field 'end_seconds' must be at least 0.1.";
        }
        return end <= (start ?? 0) ? "Field 'end_seconds' must be greater than 'start_seconds'." : null;
    }

    private static string? Enum(JsonObject body, string path, params string[] allowed)
    {
        var node = Get(body, path);
        if (node is null)
        {
            return null;
        }
        var value = GetString(body, path);
        return value is not null && allowed.Contains(value)
            ? null
            : $"Field '{path}' must be one of {string.Join(", ", allowed)}.";
    }

    private static string? RequiredWhen(JsonObject body, string switchPath, string switchValue, string requiredPath) =>
        GetString(body, switchPath) == switchValue && string.IsNullOrEmpty(GetString(body, requiredPath))
            ? $"Missing required field '{requiredPath}' (required when '{switchPath}' is '{switchValue}')."
            : null;

    private static string? VideoSource(JsonObject body) =>
        Enum(body, "assets.video_source", "file", "youtube")
        ?? RequiredWhen(body, "assets.video_source", "file", "assets.video_file_path")
        ?? RequiredWhen(body, "assets.video_source", "youtube", "assets.youtube_url");

    /// <summary>all-faces (the default) needs the source face file; individual-faces needs face_mappings.</summary>
    private static string? FaceSwapMode(JsonObject body, string sourceField)
    {
        var error = Enum(body, "assets.face_swap_mode", "all-faces", "individual-faces");
        if (error is not null)
        {
            return error;
        }
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
