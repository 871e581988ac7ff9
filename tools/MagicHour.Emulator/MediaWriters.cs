using System.Buffers.Binary;
using System.Text;

namespace MagicHour.Emulator;

/// <summary>PCM 16-bit mono WAV files.</summary>
internal static class WavWriter
{
    public static byte[] Sine(double seconds = 1.0, double frequency = 440, int sampleRate = 22050)
    {
        var samples = (int)(seconds * sampleRate);
        var dataLength = samples * 2;
        var bytes = new byte[44 + dataLength];
        var s = bytes.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(36 + dataLength));
        Encoding.ASCII.GetBytes("WAVE", s[8..]);
        Encoding.ASCII.GetBytes("fmt ", s[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], (uint)(sampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], 2); // block align
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 16); // bits per sample
        Encoding.ASCII.GetBytes("data", s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], (uint)dataLength);
        for (var i = 0; i < samples; i++)
        {
            // Short fade in/out avoids clicks.
            var envelope = Math.Min(1.0, Math.Min(i, samples - i) / (sampleRate * 0.02));
            var value = (short)(Math.Sin(2 * Math.PI * frequency * i / sampleRate) * 12000 * envelope);
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + i * 2)..], value);
        }
        return bytes;
    }
}

/// <summary>
/// A tiny but standard MP4: one H.264 (Constrained Baseline) video track whose frames are all IDR
/// pictures made only of I_PCM macroblocks, i.e. uncompressed YUV 4:2:0 samples wrapped in valid
/// H.264 syntax. No entropy coding is needed, so it fits in a page of code; ffmpeg and browsers play it.
/// </summary>
internal static class Mp4Writer
{
    /// <summary>Frames as tightly packed RGBA (width*height*4 bytes each); width and height must be multiples of 16.</summary>
    public static byte[] Write(IReadOnlyList<byte[]> rgba, int width, int height, int fps)
    {
        if (width % 16 != 0 || height % 16 != 0)
        {
            throw new ArgumentException("Width and height must be multiples of 16.");
        }
        var sps = Nal(3, 7, SpsRbsp(width, height));
        var pps = Nal(3, 8, PpsRbsp());
        var samples = new List<byte[]>(rgba.Count);
        for (var i = 0; i < rgba.Count; i++)
        {
            var slice = Nal(3, 5, IdrSliceRbsp(rgba[i], width, height, idrPicId: i % 2));
            var sample = new byte[4 + slice.Length];
            BinaryPrimitives.WriteUInt32BigEndian(sample, (uint)slice.Length);
            slice.CopyTo(sample, 4);
            samples.Add(sample);
        }

        var ftyp = Box("ftyp", Ascii("isom"), U32(0x200), Ascii("isom"), Ascii("iso2"), Ascii("avc1"), Ascii("mp41"));
        var mdatPayload = samples.SelectMany(s => s).ToArray();
        var mdat = Box("mdat", mdatPayload);
        var chunkOffset = ftyp.Length + 8;

        const int movieTimescale = 1000;
        var mediaTimescale = fps * 1000;
        var mediaDuration = rgba.Count * 1000;
        var movieDuration = (int)((long)rgba.Count * 1000 / fps);

        var matrix = Concat(U32(0x00010000), U32(0), U32(0), U32(0), U32(0x00010000), U32(0), U32(0), U32(0), U32(0x40000000));
        var mvhd = FullBox("mvhd", 0, 0, U32(0), U32(0), U32(movieTimescale), U32(movieDuration), U32(0x00010000), U16(0x0100),
            new byte[10], matrix, new byte[24], U32(2));
        var tkhd = FullBox("tkhd", 0, 3, U32(0), U32(0), U32(1), U32(0), U32(movieDuration), new byte[8], U16(0), U16(0), U16(0), U16(0),
            matrix, U32((uint)width << 16), U32((uint)height << 16));
        var mdhd = FullBox("mdhd", 0, 0, U32(0), U32(0), U32(mediaTimescale), U32(mediaDuration), U16(0x55C4), U16(0));
        var hdlr = FullBox("hdlr", 0, 0, U32(0), Ascii("vide"), new byte[12], Ascii("VideoHandler\0"));
        var vmhd = FullBox("vmhd", 0, 1, U16(0), new byte[6]);
        var dinf = Box("dinf", FullBox("dref", 0, 0, U32(1), FullBox("url ", 0, 1)));

        var avcC = Box("avcC", [1, sps[1], sps[2], sps[3], 0xFF, 0xE1], U16(sps.Length), sps, [1], U16(pps.Length), pps);
        var compressor = new byte[32];
        var avc1 = Box("avc1", new byte[6], U16(1), U16(0), U16(0), new byte[12], U16(width), U16(height),
            U32(0x00480000), U32(0x00480000), U32(0), U16(1), compressor, U16(0x0018), U16(0xFFFF), avcC);
        var stsd = FullBox("stsd", 0, 0, U32(1), avc1);
        var stts = FullBox("stts", 0, 0, U32(1), U32(rgba.Count), U32(1000));
        var stsc = FullBox("stsc", 0, 0, U32(1), U32(1), U32(rgba.Count), U32(1));
        var stsz = FullBox("stsz", 0, 0, U32(0), U32(rgba.Count), Concat(samples.Select(s => U32(s.Length)).ToArray()));
        var stco = FullBox("stco", 0, 0, U32(1), U32(chunkOffset));
        var stbl = Box("stbl", stsd, stts, stsc, stsz, stco);
        var minf = Box("minf", vmhd, dinf, stbl);
        var mdia = Box("mdia", mdhd, hdlr, minf);
        var trak = Box("trak", tkhd, mdia);
        var moov = Box("moov", mvhd, trak);
        return Concat(ftyp, mdat, moov);
    }

    private static byte[] SpsRbsp(int width, int height)
    {
        var w = new BitWriter();
        w.Bits(66, 8); // profile_idc: Baseline
        w.Bits(0xC0, 8); // constraint_set0 + constraint_set1 (Constrained Baseline)
        w.Bits(30, 8); // level_idc 3.0
        w.Ue(0); // seq_parameter_set_id
        w.Ue(0); // log2_max_frame_num_minus4
        w.Ue(2); // pic_order_cnt_type 2: output order = decoding order
        w.Ue(1); // max_num_ref_frames
        w.Bit(0); // gaps_in_frame_num_value_allowed_flag
        w.Ue((uint)(width / 16 - 1));
        w.Ue((uint)(height / 16 - 1));
        w.Bit(1); // frame_mbs_only_flag
        w.Bit(1); // direct_8x8_inference_flag
        w.Bit(0); // frame_cropping_flag
        w.Bit(0); // vui_parameters_present_flag
        w.TrailingBits();
        return w.ToArray();
    }

    private static byte[] PpsRbsp()
    {
        var w = new BitWriter();
        w.Ue(0); // pic_parameter_set_id
        w.Ue(0); // seq_parameter_set_id
        w.Bit(0); // entropy_coding_mode_flag: CAVLC
        w.Bit(0); // bottom_field_pic_order_in_frame_present_flag
        w.Ue(0); // num_slice_groups_minus1
        w.Ue(0); // num_ref_idx_l0_default_active_minus1
        w.Ue(0); // num_ref_idx_l1_default_active_minus1
        w.Bit(0); // weighted_pred_flag
        w.Bits(0, 2); // weighted_bipred_idc
        w.Se(0); // pic_init_qp_minus26
        w.Se(0); // pic_init_qs_minus26
        w.Se(0); // chroma_qp_index_offset
        w.Bit(1); // deblocking_filter_control_present_flag
        w.Bit(0); // constrained_intra_pred_flag
        w.Bit(0); // redundant_pic_cnt_present_flag
        w.TrailingBits();
        return w.ToArray();
    }

    private static byte[] IdrSliceRbsp(byte[] rgba, int width, int height, int idrPicId)
    {
        var (y, u, v) = ToYuv420(rgba, width, height);
        var w = new BitWriter();
        w.Ue(0); // first_mb_in_slice
        w.Ue(7); // slice_type: I (all slices of the picture)
        w.Ue(0); // pic_parameter_set_id
        w.Bits(0, 4); // frame_num (log2_max_frame_num = 4)
        w.Ue((uint)idrPicId);
        w.Bit(0); // no_output_of_prior_pics_flag
        w.Bit(0); // long_term_reference_flag
        w.Se(0); // slice_qp_delta
        w.Ue(1); // disable_deblocking_filter_idc: off
        var mbWidth = width / 16;
        var mbHeight = height / 16;
        var chromaWidth = width / 2;
        for (var mby = 0; mby < mbHeight; mby++)
        {
            for (var mbx = 0; mbx < mbWidth; mbx++)
            {
                w.Ue(25); // mb_type I_PCM
                w.AlignZero(); // pcm_alignment_zero_bit
                for (var row = 0; row < 16; row++)
                {
                    w.Bytes(y.AsSpan((mby * 16 + row) * width + mbx * 16, 16));
                }
                for (var row = 0; row < 8; row++)
                {
                    w.Bytes(u.AsSpan((mby * 8 + row) * chromaWidth + mbx * 8, 8));
                }
                for (var row = 0; row < 8; row++)
                {
                    w.Bytes(v.AsSpan((mby * 8 + row) * chromaWidth + mbx * 8, 8));
                }
            }
        }
        w.TrailingBits();
        return w.ToArray();
    }

    /// <summary>BT.601 limited range; samples stay in 16–240 so no PCM sample is ever 0.</summary>
    private static (byte[] Y, byte[] U, byte[] V) ToYuv420(byte[] rgba, int width, int height)
    {
        var y = new byte[width * height];
        var u = new byte[width * height / 4];
        var v = new byte[width * height / 4];
        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                var p = (j * width + i) * 4;
                int r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
                y[j * width + i] = (byte)Math.Clamp(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16, 16, 235);
            }
        }
        for (var j = 0; j < height / 2; j++)
        {
            for (var i = 0; i < width / 2; i++)
            {
                int r = 0, g = 0, b = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var p = ((j * 2 + dy) * width + i * 2 + dx) * 4;
                        r += rgba[p];
                        g += rgba[p + 1];
                        b += rgba[p + 2];
                    }
                }
                r /= 4; g /= 4; b /= 4;
                u[j * (width / 2) + i] = (byte)Math.Clamp(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128, 16, 240);
                v[j * (width / 2) + i] = (byte)Math.Clamp(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128, 16, 240);
            }
        }
        return (y, u, v);
    }

    /// <summary>NAL unit (header + RBSP with emulation prevention bytes), without a start code.</summary>
    private static byte[] Nal(int refIdc, int type, byte[] rbsp)
    {
        var output = new List<byte>(rbsp.Length + rbsp.Length / 64 + 1) { (byte)((refIdc << 5) | type) };
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                output.Add(3);
                zeros = 0;
            }
            output.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return output.ToArray();
    }

    private static byte[] Box(string type, params byte[][] content)
    {
        var length = 8 + content.Sum(c => c.Length);
        return Concat([U32(length), Ascii(type), .. content]);
    }

    private static byte[] FullBox(string type, byte version, uint flags, params byte[][] content) =>
        Box(type, [U32((uint)version << 24 | flags), .. content]);

    private static byte[] U32(int value) => U32((uint)value);

    private static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    private static byte[] U16(int value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        return b;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }
        return result;
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _current;
        private int _count;

        public void Bit(int bit)
        {
            _current = (_current << 1) | (bit & 1);
            if (++_count == 8)
            {
                _bytes.Add((byte)_current);
                _current = 0;
                _count = 0;
            }
        }

        public void Bits(uint value, int n)
        {
            for (var i = n - 1; i >= 0; i--)
            {
                Bit((int)(value >> i) & 1);
            }
        }

        public void Ue(uint value)
        {
            var v = value + 1;
            var bits = 32 - System.Numerics.BitOperations.LeadingZeroCount(v);
            Bits(0, bits - 1);
            Bits(v, bits);
        }

        public void Se(int value) => Ue(value > 0 ? (uint)(2 * value - 1) : (uint)(-2 * value));

        public void AlignZero()
        {
            while (_count != 0)
            {
                Bit(0);
            }
        }

        public void TrailingBits()
        {
            Bit(1);
            AlignZero();
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (_count != 0)
            {
                throw new InvalidOperationException("Not byte aligned.");
            }
            foreach (var b in bytes)
            {
                _bytes.Add(b);
            }
        }

        public byte[] ToArray()
        {
            if (_count != 0)
            {
                throw new InvalidOperationException("Not byte aligned.");
            }
            return _bytes.ToArray();
        }
    }
}

/// <summary>Animated GIF89a with a 6×6×6 colour cube palette and "uncompressed" LZW (fixed 9-bit codes).</summary>
internal static class GifWriter
{
    public static byte[] Write(IReadOnlyList<byte[]> rgba, int width, int height, int delayCentiseconds)
    {
        using var ms = new MemoryStream();
        ms.Write("GIF89a"u8);
        WriteU16(ms, width);
        WriteU16(ms, height);
        ms.WriteByte(0xF7); // global colour table, 8 bits colour resolution, 256 entries
        ms.WriteByte(0); // background colour index
        ms.WriteByte(0); // pixel aspect ratio
        for (var i = 0; i < 256; i++)
        {
            if (i < 216)
            {
                ms.WriteByte((byte)(i / 36 * 51));
                ms.WriteByte((byte)(i / 6 % 6 * 51));
                ms.WriteByte((byte)(i % 6 * 51));
            }
            else
            {
                ms.Write([0, 0, 0]);
            }
        }
        // Loop forever (NETSCAPE2.0 application extension).
        ms.Write([0x21, 0xFF, 0x0B]);
        ms.Write("NETSCAPE2.0"u8);
        ms.Write([0x03, 0x01, 0x00, 0x00, 0x00]);

        foreach (var frame in rgba)
        {
            ms.Write([0x21, 0xF9, 0x04, 0x04]); // graphic control: disposal "do not dispose"
            WriteU16(ms, delayCentiseconds);
            ms.Write([0x00, 0x00]);
            ms.WriteByte(0x2C); // image descriptor
            WriteU16(ms, 0);
            WriteU16(ms, 0);
            WriteU16(ms, width);
            WriteU16(ms, height);
            ms.WriteByte(0);
            ms.WriteByte(8); // LZW minimum code size
            var data = Lzw(frame, width * height);
            for (var offset = 0; offset < data.Length; offset += 255)
            {
                var n = Math.Min(255, data.Length - offset);
                ms.WriteByte((byte)n);
                ms.Write(data, offset, n);
            }
            ms.WriteByte(0);
        }
        ms.WriteByte(0x3B);
        return ms.ToArray();
    }

    private static byte[] Lzw(byte[] rgba, int pixels)
    {
        const int clear = 256, end = 257;
        var output = new List<byte>(pixels * 9 / 8 + 16);
        int buffer = 0, bits = 0;
        void Emit(int code)
        {
            buffer |= code << bits;
            bits += 9;
            while (bits >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        // A clear code every 250 literals keeps the decoder's table below 512 entries, so codes stay 9 bits.
        for (var i = 0; i < pixels; i++)
        {
            if (i % 250 == 0)
            {
                Emit(clear);
            }
            var p = i * 4;
            Emit(Quantize(rgba[p]) * 36 + Quantize(rgba[p + 1]) * 6 + Quantize(rgba[p + 2]));
        }
        Emit(end);
        if (bits > 0)
        {
            output.Add((byte)buffer);
        }
        return output.ToArray();
    }

    private static int Quantize(byte c) => (c + 25) / 51;

    private static void WriteU16(Stream s, int value)
    {
        s.WriteByte((byte)value);
        s.WriteByte((byte)(value >> 8));
    }
}
