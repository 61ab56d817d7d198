"""Decodes a TensorBoard event file into JSON on stdout, sharing no code with the C# writer (EventFileWriter).

Written from the format descriptions only: TFRecord framing (tensorflow/core/lib/io/record_writer.cc: uint64 length,
uint32 masked CRC-32C of the length, data, uint32 masked CRC-32C of the data, little-endian), CRC-32C (Castagnoli,
reflected polynomial 0x82F63B78, computed bit by bit here), TensorFlow's mask ((crc >> 15) | (crc << 17)) + 0xa282ead8,
and the protobuf wire format with the field numbers of event.proto / summary.proto / tensor.proto.
Exits 1 with a message on any framing or CRC error; a record cut short at the end of the file is reported as "truncated".
Usage: python3 decode_tfevents.py FILE
"""
import json
import struct
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def fields(buf):
    """Yields (field number, wire type, value) of one message: ints for varints, bytes otherwise (fixed ones raw)."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unknown wire type %d" % wire)
        yield number, wire, value


def f64(raw):
    return struct.unpack("<d", raw)[0]


def packed_doubles(raw):
    return list(struct.unpack("<%dd" % (len(raw) // 8), raw))


def histogram(buf):
    h = {"bucket_limit": [], "bucket": []}
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    for number, wire, value in fields(buf):
        if number in names:
            h[names[number]] = f64(value)
        elif number == 6:
            h["bucket_limit"] += packed_doubles(value) if wire == 2 else [f64(value)]
        elif number == 7:
            h["bucket"] += packed_doubles(value) if wire == 2 else [f64(value)]
    return h


def tensor(buf):
    t = {"dtype": 0, "string_val": [], "shape_dims": None}
    for number, _, value in fields(buf):
        if number == 1:
            t["dtype"] = value
        elif number == 2:
            t["shape_dims"] = sum(1 for n, _, _ in fields(value) if n == 2)
        elif number == 8:
            t["string_val"].append(value.decode("utf-8"))
    return t


def summary_value(buf):
    v = {}
    for number, _, value in fields(buf):
        if number == 1:
            v["tag"] = value.decode("utf-8")
        elif number == 2:
            v["simple_value"] = struct.unpack("<f", value)[0]
        elif number == 5:
            v["histo"] = histogram(value)
        elif number == 8:
            v["tensor"] = tensor(value)
        elif number == 9:
            for n, _, plugin_data in fields(value):
                if n == 1:
                    for m, _, name in fields(plugin_data):
                        if m == 1:
                            v["plugin_name"] = name.decode("utf-8")
    return v


def event(buf):
    e = {"step": 0}
    for number, _, value in fields(buf):
        if number == 1:
            e["wall_time"] = f64(value)
        elif number == 2:
            e["step"] = value - (1 << 64) if value >= 1 << 63 else value
        elif number == 3:
            e["file_version"] = value.decode("utf-8")
        elif number == 5:
            e["values"] = [summary_value(v) for n, _, v in fields(value) if n == 1]
        elif number == 6:
            e["session_log_status"] = next((s for n, _, s in fields(value) if n == 1), 0)
    return e


def main(path):
    data = open(path, "rb").read()
    pos, events = 0, []
    truncated = False
    while pos < len(data):
        if pos + 12 > len(data):
            truncated = True
            break
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if masked(crc32c(header)) != length_crc:
            sys.exit("length CRC mismatch at offset %d" % pos)
        if pos + 12 + length + 4 > len(data):
            truncated = True
            break
        body = data[pos + 12:pos + 12 + length]
        (body_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if masked(crc32c(body)) != body_crc:
            sys.exit("data CRC mismatch at offset %d" % pos)
        events.append(event(body))
        pos += 16 + length
    json.dump({"events": events, "truncated": truncated}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
