namespace MagicHour.Generated;

/// <summary>The Magic Hour v1 API: one property per resource.</summary>
public sealed class MagicHourV1
{
    internal MagicHourV1(MagicHourClientContext context)
    {
        var http = context.Http;
        var uploadUrls = new UploadUrlsClient(context, http);
        context.UploadUrls = uploadUrls;

        // Files and projects
        FaceDetection = new FaceDetectionClient(context, http);
        Files = new FilesClient(context, uploadUrls);
        AudioProjects = new AudioProjectsClient(context, http);
        ImageProjects = new ImageProjectsClient(context, http);
        VideoProjects = new VideoProjectsClient(context, http);
        context.ProjectKinds = new ProjectKinds(ImageProjects, VideoProjects, AudioProjects);

        // Image tools
        AiClothesChanger = new AiClothesChangerClient(context, http);
        AiFaceEditor = new AiFaceEditorClient(context, http);
        AiGifGenerator = new AiGifGeneratorClient(context, http);
        AiHeadshotGenerator = new AiHeadshotGeneratorClient(context, http);
        AiImageEditor = new AiImageEditorClient(context, http);
        AiImageGenerator = new AiImageGeneratorClient(context, http);
        AiImageUpscaler = new AiImageUpscalerClient(context, http);
        AiMemeGenerator = new AiMemeGeneratorClient(context, http);
        AiQrCodeGenerator = new AiQrCodeGeneratorClient(context, http);
        BodySwap = new BodySwapClient(context, http);
        FaceSwapPhoto = new FaceSwapPhotoClient(context, http);
        HeadSwap = new HeadSwapClient(context, http);
        ImageBackgroundRemover = new ImageBackgroundRemoverClient(context, http);
        PhotoColorizer = new PhotoColorizerClient(context, http);

        // Video tools
        AiTalkingPhoto = new AiTalkingPhotoClient(context, http);
        AiVideoEditor = new AiVideoEditorClient(context, http);
        Animation = new AnimationClient(context, http);
        AudioToVideo = new AudioToVideoClient(context, http);
        AutoSubtitleGenerator = new AutoSubtitleGeneratorClient(context, http);
        CharacterReplace = new CharacterReplaceClient(context, http);
        FaceSwap = new FaceSwapClient(context, http);
        ImageToVideo = new ImageToVideoClient(context, http);
        LipSync = new LipSyncClient(context, http);
        TextToVideo = new TextToVideoClient(context, http);
        VideoToVideo = new VideoToVideoClient(context, http);

        // Audio tools
        AiVoiceCloner = new AiVoiceClonerClient(context, http);
        AiVoiceGenerator = new AiVoiceGeneratorClient(context, http);
    }

    // ---- Files and projects ----------------------------------------------------------------

    /// <summary>Face detection: finds the faces in an image or video for multi-face swaps (a task, not a project); see <see cref="FaceDetectionClient.WaitAsync"/>.</summary>
    public FaceDetectionClient FaceDetection { get; }

    /// <summary>Uploads: upload URLs and <see cref="FilesClient.UploadFileAsync(string, IProgress{TransferProgress}?, CancellationToken)"/>.</summary>
    public FilesClient Files { get; }

    /// <summary>Audio projects: status, outputs, deletion and waiting.</summary>
    public AudioProjectsClient AudioProjects { get; }

    /// <summary>Image projects: status, outputs, deletion and waiting.</summary>
    public ImageProjectsClient ImageProjects { get; }

    /// <summary>Video projects: status, outputs, deletion and waiting.</summary>
    public VideoProjectsClient VideoProjects { get; }

    // ---- Image tools (image projects) ------------------------------------------------------

    /// <summary>AI clothes changer: dresses a person in a garment from another photo (image project).</summary>
    public AiClothesChangerClient AiClothesChanger { get; }

    /// <summary>AI face editor: adjusts expression, gaze and head pose in a portrait (image project).</summary>
    public AiFaceEditorClient AiFaceEditor { get; }

    /// <summary>AI GIF generator: short animations from a prompt (image project).</summary>
    public AiGifGeneratorClient AiGifGenerator { get; }

    /// <summary>AI headshot generator: a studio-style headshot from one portrait (image project).</summary>
    public AiHeadshotGeneratorClient AiHeadshotGenerator { get; }

    /// <summary>AI image editor: edits up to ten images as a prompt describes (image project).</summary>
    public AiImageEditorClient AiImageEditor { get; }

    /// <summary>AI image generator: images from a prompt (image project).</summary>
    public AiImageGeneratorClient AiImageGenerator { get; }

    /// <summary>AI image upscaler: enlarges an image 2x or 4x (image project).</summary>
    public AiImageUpscalerClient AiImageUpscaler { get; }

    /// <summary>AI meme generator: a meme about a topic on a template (image project).</summary>
    public AiMemeGeneratorClient AiMemeGenerator { get; }

    /// <summary>AI QR code generator: a scannable QR code drawn in an art style (image project).</summary>
    public AiQrCodeGeneratorClient AiQrCodeGenerator { get; }

    /// <summary>Body swap: places a person into a scene image (image project).</summary>
    public BodySwapClient BodySwap { get; }

    /// <summary>Face swap photo: replaces faces in a still image (image project).</summary>
    public FaceSwapPhotoClient FaceSwapPhoto { get; }

    /// <summary>Head swap: puts the head from one image onto the body in another (image project).</summary>
    public HeadSwapClient HeadSwap { get; }

    /// <summary>Image background remover: cuts out the subject, optionally onto a new background (image project).</summary>
    public ImageBackgroundRemoverClient ImageBackgroundRemover { get; }

    /// <summary>Photo colorizer: colors a black-and-white photo (image project).</summary>
    public PhotoColorizerClient PhotoColorizer { get; }

    // ---- Video tools (video projects) ------------------------------------------------------

    /// <summary>AI talking photo: makes the face in a photo speak an audio track (video project).</summary>
    public AiTalkingPhotoClient AiTalkingPhoto { get; }

    /// <summary>AI video editor: edits a video clip as a prompt describes (video project).</summary>
    public AiVideoEditorClient AiVideoEditor { get; }

    /// <summary>Animation: animates a prompt or song lyrics in an art style (video project).</summary>
    public AnimationClient Animation { get; }

    /// <summary>Audio to video: generated visuals for an audio track (video project).</summary>
    public AudioToVideoClient AudioToVideo { get; }

    /// <summary>Auto subtitle generator: burns styled subtitles into a video (video project).</summary>
    public AutoSubtitleGeneratorClient AutoSubtitleGenerator { get; }

    /// <summary>Character replace: swaps a person in a video for a character image, or animates the image (video project).</summary>
    public CharacterReplaceClient CharacterReplace { get; }

    /// <summary>Face swap: replaces faces in a video (video project).</summary>
    public FaceSwapClient FaceSwap { get; }

    /// <summary>Image to video: a video clip from a still image (video project).</summary>
    public ImageToVideoClient ImageToVideo { get; }

    /// <summary>Lip sync: re-times a video's mouth movements to an audio track (video project).</summary>
    public LipSyncClient LipSync { get; }

    /// <summary>Text to video: a video clip from a prompt (video project).</summary>
    public TextToVideoClient TextToVideo { get; }

    /// <summary>Video to video: redraws a video in an art style (video project).</summary>
    public VideoToVideoClient VideoToVideo { get; }

    // ---- Audio tools (audio projects) ------------------------------------------------------

    /// <summary>AI voice cloner: speech in a voice cloned from a sample (audio project).</summary>
    public AiVoiceClonerClient AiVoiceCloner { get; }

    /// <summary>AI voice generator: speech in a preset voice (audio project).</summary>
    public AiVoiceGeneratorClient AiVoiceGenerator { get; }
}
