namespace MagicHour.SpecSync.Tests;

/// <summary>
/// A small spec in our style (named schemas, our tags and words, comments, flow lists) and the
/// vendor's equivalent (inline schemas, vendor tags, vendor prose), structurally identical.
/// Tests change the vendor text and check what the sync does to ours.
/// </summary>
internal static class Fixtures
{
    public const string Ours =
        """
        openapi: 3.0.3
        info:
          title: Test API
          version: v1
        tags:
          - name: AiGifGenerator
            description: Our words about GIFs (image project).
          - name: AiMemeGenerator
            description: Our words about memes (image project).
        paths:
          /v1/ai-gif-generator:
            post:
              tags: [AiGifGenerator]
              operationId: AiGifGenerator_Create
              summary: Generate a GIF
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/AiGifGeneratorCreateRequest'
              responses:
                '200':
                  description: Project created
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ImageProjectCreateResponse'
                '400': { $ref: '#/components/responses/BadRequest' }
          /v1/ai-meme-generator:
            post:
              tags: [AiMemeGenerator]
              operationId: AiMemeGenerator_Create
              summary: Generate a meme
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/AiMemeGeneratorCreateRequest'
              responses:
                '200':
                  description: Project created
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ImageProjectCreateResponse'
                '400': { $ref: '#/components/responses/BadRequest' }
        components:
          responses:
            BadRequest:
              description: Bad Request
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/ErrorResponse'
          schemas:
            # ---- errors ----------------------------------------------------------------
            ErrorResponse:
              type: object
              description: An error answer, in our words.
              required: [message]
              properties:
                message:
                  type: string
                  description: What went wrong.
            # ---- projects --------------------------------------------------------------
            ImageProjectCreateResponse:
              type: object
              description: The new image project's id, in our words.
              required: [id, credits_charged]
              properties:
                id:
                  type: string
                  description: The project id.
                credits_charged:
                  type: integer
                  description: Credits charged.
            # ---- image tools -----------------------------------------------------------
            AiGifGeneratorCreateRequest:
              type: object
              description: Inputs for a GIF.
              required: [style]
              properties:
                name:
                  type: string
                  description: A name to find the project by.
                style:
                  $ref: '#/components/schemas/AiGifGeneratorStyle'
                output_format:
                  $ref: '#/components/schemas/AiGifGeneratorOutputFormat'
            AiGifGeneratorStyle:
              type: object
              description: What to animate.
              required: [prompt]
              properties:
                prompt:
                  type: string
                  description: The prompt, in our words.
            AiGifGeneratorOutputFormat:
              type: string
              description: The container of the output.
              enum: [gif, mp4]
            AiMemeGeneratorCreateRequest:
              type: object
              description: Inputs for a meme.
              required: [topic]
              properties:
                topic:
                  type: string
                  description: What the meme is about.
        """ + "\n";

    public const string GifRequest =
        """
                    {"type": "object", "description": "VENDOR PROSE request", "required": ["style"], "properties": {
                      "name": {"type": "string", "description": "VENDOR PROSE name"},
                      "style": {"type": "object", "required": ["prompt"], "properties": {"prompt": {"type": "string", "description": "VENDOR PROSE prompt"}}},
                      "output_format": {"type": "string", "enum": ["gif", "mp4"]}}}
        """;

    public const string MemeRequest =
        """
                    {"type": "object", "required": ["topic"], "properties": {"topic": {"type": "string", "description": "VENDOR PROSE topic"}}}
        """;

    public const string CreateResponse =
        """{"type": "object", "required": ["id", "credits_charged"], "properties": {"id": {"type": "string", "description": "VENDOR PROSE id"}, "credits_charged": {"type": "integer"}}}""";

    public const string MemeResponse = CreateResponse;

    public const string Error = """{"description": "Invalid Request", "content": {"application/json": {"schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}}}""";

    /// <summary>The vendor's file for <see cref="Ours"/>; <paramref name="extraPaths"/> are added as JSON members of <c>paths</c>.</summary>
    public static string Vendor(string gifRequest = GifRequest, string memeRequest = MemeRequest, string memeResponse = MemeResponse, string extraPaths = "") =>
        """
        {"openapi": "3.0.2", "info": {"title": "Vendor", "version": "1"}, "tags": [{"name": "Image Projects"}],
         "paths": {
          "/v1/ai-gif-generator": {"post": {"tags": ["Image Projects"], "operationId": "aiGifGenerator.createImage", "description": "VENDOR PROSE op",
            "requestBody": {"required": true, "content": {"application/json": {"schema": @GIF@}}},
            "responses": {"200": {"description": "Success", "content": {"application/json": {"schema": @RESPONSE@}}}, "400": @ERROR@}}},
          "/v1/ai-meme-generator": {"post": {"tags": ["Image Projects"], "operationId": "aiMemeGenerator.createImage",
            "requestBody": {"required": true, "content": {"application/json": {"schema": @MEME@}}},
            "responses": {"200": {"description": "Success", "content": {"application/json": {"schema": @MEMERESPONSE@}}}, "400": @ERROR@}}}@EXTRA@
         }}
        """
        .Replace("@GIF@", gifRequest).Replace("@MEME@", memeRequest).Replace("@MEMERESPONSE@", memeResponse)
        .Replace("@RESPONSE@", CreateResponse).Replace("@ERROR@", Error).Replace("@EXTRA@", extraPaths);
}
