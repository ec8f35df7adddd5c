"""Render a trimesh scene to a studio-lit product picture, offscreen on the CPU.

OpenGL 3.3 through moderngl on an EGL context (Mesa's llvmpipe when there is no GPU): no display, no window.
Shading is metal/roughness PBR (GGX) with a key, a fill and a rim light, a soft sky/floor ambient and a studio
environment that metals reflect, over a soft contact shadow. Materials hold linear RGB (glTF); the picture is
sRGB. One GL context per process, made on first use and shared by threads under a lock.
"""

from __future__ import annotations

import math
import os
import threading

import moderngl
import numpy as np
import trimesh
from PIL import Image
from trimesh.visual.material import PBRMaterial

#: Camera directions as (azimuth, elevation) in degrees; azimuth turns from the front (+z) towards the left (-x).
VIEWS: dict[str, tuple[float, float]] = {
    "three_quarter": (38.0, 24.0),
    "front": (0.0, 0.0),
    "side": (90.0, 8.0),
    "top": (0.0, 89.0),
}
FILL = 0.85  # share of the frame the model's larger projected side covers
FOV_DEGREES = 24.0
MSAA = 4
#: Pictures up to this size are drawn at twice the size (with MSAA) and averaged: smooth edges on thin rings.
SUPERSAMPLE_UP_TO = 800

# Lights in camera space (x right, y up, z towards the viewer), as (direction to the light, intensity).
_LIGHTS = (
    ((-0.55, 0.65, 0.55), 0.82),  # key: high, front left
    ((0.75, 0.15, 0.6), 0.30),  # fill: right, low
    ((0.1, 0.6, -0.8), 0.55),  # rim: behind, above
)
_SKY, _FLOOR = 0.42, 0.16  # hemisphere ambient from above and from the floor

_VERTEX = """
#version 330
uniform mat4 model_view;
uniform mat4 projection;
in vec3 in_position;
in vec3 in_normal;
out vec3 v_position;
out vec3 v_normal;
void main() {
    vec4 p = model_view * vec4(in_position, 1.0);
    v_position = p.xyz;
    v_normal = mat3(model_view) * in_normal;
    gl_Position = projection * p;
}
"""

_FRAGMENT = """
#version 330
const float PI = 3.14159265;
uniform vec3 base_colour;
uniform float metallic;
uniform float roughness;
uniform vec3 emissive;
uniform vec3 light_direction[3];
uniform float light_intensity[3];
uniform vec3 up;
uniform float sky;
uniform float floor_light;
uniform float exposure;
in vec3 v_position;
in vec3 v_normal;
out vec4 colour;

vec3 fresnel(vec3 f0, float cosine) { return f0 + (1.0 - f0) * pow(1.0 - cosine, 5.0); }

vec3 studio(vec3 r, float rough) {
    float height = dot(r, up);
    vec3 env = vec3(mix(0.12, 0.95, smoothstep(-0.35, 0.55, height)));
    float sharpness = mix(180.0, 3.0, rough);
    for (int i = 0; i < 3; i++) {
        env += light_intensity[i] * 1.6 * pow(max(dot(r, light_direction[i]), 0.0), sharpness);
    }
    return env;
}

vec3 to_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

void main() {
    vec3 n = normalize(v_normal);
    vec3 v = normalize(-v_position);
    if (dot(n, v) < 0.0) n = -n;  // thin parts are seen from both sides
    float rough = clamp(roughness, 0.05, 1.0);
    float a2 = pow(rough, 4.0);
    vec3 f0 = mix(vec3(0.04), base_colour, metallic);
    vec3 diffuse = base_colour * (1.0 - metallic);
    float nv = max(dot(n, v), 1e-4);
    float k = (rough + 1.0) * (rough + 1.0) / 8.0;
    vec3 light = vec3(0.0);
    for (int i = 0; i < 3; i++) {
        vec3 l = light_direction[i];
        float nl = max(dot(n, l), 0.0);
        if (nl <= 0.0) continue;
        vec3 h = normalize(l + v);
        float nh = max(dot(n, h), 0.0);
        float d = a2 / (PI * pow(nh * nh * (a2 - 1.0) + 1.0, 2.0));
        float g = (nv / (nv * (1.0 - k) + k)) * (nl / (nl * (1.0 - k) + k));
        vec3 f = fresnel(f0, max(dot(h, v), 0.0));
        // Fabric's faint wide sheen would grey dark colours: rough dielectrics keep only part of it.
        vec3 specular = d * g * f / (4.0 * nv * nl) * mix(1.0 - 0.7 * rough, 1.0, metallic);
        light += ((1.0 - f) * diffuse + PI * specular) * light_intensity[i] * nl;
    }
    light += diffuse * mix(floor_light, sky, 0.5 + 0.5 * dot(n, up));
    // Metals and glossy parts reflect the studio; rough fabric barely does.
    vec3 f_env = mix(f0 * (1.0 - rough) * (1.0 - rough), f0, metallic);
    f_env += (max(vec3(1.0 - rough), f_env) - f_env) * pow(1.0 - nv, 5.0);
    light += f_env * studio(reflect(-v, n), rough);
    colour = vec4(to_srgb(light * exposure + emissive), 1.0);
}
"""

_SHADOW_VERTEX = """
#version 330
uniform mat4 model_view;
uniform mat4 projection;
in vec2 in_corner;
out vec2 v_corner;
uniform vec3 centre;
uniform vec2 half_size;
void main() {
    v_corner = in_corner;
    vec3 p = centre + vec3(in_corner.x * half_size.x, 0.0, in_corner.y * half_size.y);
    gl_Position = projection * model_view * vec4(p, 1.0);
}
"""

_SHADOW_FRAGMENT = """
#version 330
uniform float strength;
in vec2 v_corner;
out vec4 colour;
void main() {
    float fade = 1.0 - smoothstep(0.25, 1.0, length(v_corner));
    colour = vec4(0.0, 0.0, 0.0, strength * fade * fade);
}
"""


class _Renderer:
    """The process's GL context and programs."""

    def __init__(self) -> None:
        self.ctx = moderngl.create_standalone_context(
            backend="egl", require=330, libgl="libGL.so.1", libegl="libEGL.so.1"
        )
        self.program = self.ctx.program(vertex_shader=_VERTEX, fragment_shader=_FRAGMENT)
        self.shadow = self.ctx.program(vertex_shader=_SHADOW_VERTEX, fragment_shader=_SHADOW_FRAGMENT)
        corners = np.array([-1, -1, 1, -1, -1, 1, 1, 1], dtype="f4")
        self.quad = self.ctx.vertex_array(self.shadow, [(self.ctx.buffer(corners), "2f", "in_corner")])


_lock = threading.Lock()
_renderer: _Renderer | None = None
_inherited = False


def _after_fork_in_child() -> None:
    global _lock, _inherited
    _lock = threading.Lock()
    _inherited = _inherited or _renderer is not None


os.register_at_fork(after_in_child=_after_fork_in_child)


def _get_renderer() -> _Renderer:
    """The context of this process, made on first use.

    Mesa cannot make a context in a process forked from one that already had one (it hangs), so that case
    fails at once: render only after forking, as RQ's work horses and the web workers do.
    """
    global _renderer
    if _inherited:
        raise RuntimeError("this process was forked after rendering a picture; render in a fresh process")
    if _renderer is None:
        _renderer = _Renderer()
    return _renderer


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB values in 0–1 as linear light."""
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _surface(geometry: trimesh.Trimesh) -> tuple[np.ndarray, float, float, np.ndarray]:
    """Linear base colour, metallic, roughness and linear emission of a mesh (glTF defaults when unset)."""
    material = getattr(geometry.visual, "material", None)
    if isinstance(material, PBRMaterial):
        factor = material.baseColorFactor
        base = np.ones(3) if factor is None else np.asarray(factor)[:3].astype(float)
        if factor is not None and np.issubdtype(np.asarray(factor).dtype, np.integer):
            base /= 255  # trimesh's own PBRMaterial keeps 8-bit factors; the product's keep floats
        metallic = 1.0 if material.metallicFactor is None else float(material.metallicFactor)
        roughness = 1.0 if material.roughnessFactor is None else float(material.roughnessFactor)
        emissive = np.zeros(3) if material.emissiveFactor is None else np.asarray(material.emissiveFactor, float)[:3]
        return base, metallic, roughness, emissive
    if material is not None and getattr(material, "diffuse", None) is not None:
        return srgb_to_linear(np.asarray(material.diffuse)[:3] / 255), 0.0, 0.8, np.zeros(3)
    if isinstance(geometry.visual, trimesh.visual.ColorVisuals):
        return srgb_to_linear(np.asarray(geometry.visual.main_color)[:3] / 255), 0.0, 0.8, np.zeros(3)
    return np.full(3, 0.5), 0.0, 0.8, np.zeros(3)


def _corner_normals(mesh: trimesh.Trimesh, crease_degrees: float = 35.0) -> np.ndarray:
    """One normal per face corner: smooth across gentle bends, sharp at creases (box edges stay crisp)."""
    faces, face_normals = mesh.faces, mesh.face_normals
    neighbours = mesh.vertex_faces[faces]  # (faces, 3, degree), -1 padded
    valid = neighbours >= 0
    normals = face_normals[np.where(valid, neighbours, 0)]
    alike = np.einsum("fcdk,fk->fcd", normals, face_normals) > math.cos(math.radians(crease_degrees))
    weights = (valid & alike) * mesh.area_faces[np.where(valid, neighbours, 0)]
    summed = np.einsum("fcdk,fcd->fck", normals, weights)
    length = np.linalg.norm(summed, axis=2, keepdims=True)
    return np.where(length > 1e-12, summed / np.maximum(length, 1e-12), face_normals[:, None, :])


def _look(azimuth: float, elevation: float) -> np.ndarray:
    """World-to-camera rotation for a camera looking at the origin from the given direction (y up)."""
    az, el = math.radians(azimuth), math.radians(elevation)
    back = np.array([-math.sin(az) * math.cos(el), math.sin(el), math.cos(az) * math.cos(el)])
    right = np.cross([0.0, 1.0, 0.0], back)
    if np.linalg.norm(right) < 1e-6:
        right = np.array([1.0, 0.0, 0.0])
    right /= np.linalg.norm(right)
    return np.array([right, np.cross(back, right), back])


def _frame(points: np.ndarray, rotation: np.ndarray, aspect: float) -> tuple[np.ndarray, float]:
    """The camera-space offset of the model's centre and the distance that make it fill ``FILL`` of the frame."""
    p = points @ rotation.T
    t = math.tan(math.radians(FOV_DEGREES) / 2) * FILL
    shift = np.zeros(2)
    for _ in range(4):
        x, y = p[:, 0] - shift[0], p[:, 1] - shift[1]
        distance = float(np.max(np.maximum(np.abs(x) / (t * aspect), np.abs(y) / t) + p[:, 2]))
        depth = distance - p[:, 2]
        sx, sy = x / depth, y / depth
        shift += np.array([(sx.min() + sx.max()) / 2, (sy.min() + sy.max()) / 2]) * distance
    return shift, distance


def _perspective(aspect: float, near: float, far: float) -> np.ndarray:
    f = 1 / math.tan(math.radians(FOV_DEGREES) / 2)
    return np.array(
        [
            [f / aspect, 0, 0, 0],
            [0, f, 0, 0],
            [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)],
            [0, 0, -1, 0],
        ]
    )


def _meshes(scene: trimesh.Scene) -> list[tuple[trimesh.Trimesh, np.ndarray]]:
    """Each mesh of the scene with its world transform."""
    found = []
    for node in scene.graph.nodes_geometry:
        transform, name = scene.graph[node]
        geometry = scene.geometry.get(name)
        if isinstance(geometry, trimesh.Trimesh) and len(geometry.faces):
            found.append((geometry, np.asarray(transform, dtype=float)))
    return found


def _exposure(up: np.ndarray) -> float:
    """Scale the lights so a matte surface facing the camera shows exactly its own colour."""
    facing = np.array([0.0, 0.0, 1.0])
    direct = sum(i * max(float(np.dot(facing, d)), 0.0) for d, i in _light_directions())
    ambient = _FLOOR + (_SKY - _FLOOR) * (0.5 + 0.5 * float(np.dot(facing, up)))
    return 1.0 / (direct + ambient)


def _light_directions() -> list[tuple[np.ndarray, float]]:
    return [(np.asarray(d) / np.linalg.norm(d), i) for d, i in _LIGHTS]


def render(
    scene: trimesh.Scene,
    width: int,
    height: int,
    *,
    view: str = "three_quarter",
    background: tuple[int, int, int, int] = (255, 255, 255, 0),
    supersample: int | None = None,
) -> Image.Image:
    """An RGBA picture of ``scene`` (y-up, any units) from ``view``, framed from its bounds, over ``background``.

    ``supersample`` defaults to 2 for pictures up to ``SUPERSAMPLE_UP_TO`` pixels and 1 above (MSAA alone).
    """
    if supersample is None:
        supersample = 2 if max(width, height) <= SUPERSAMPLE_UP_TO else 1
    meshes = _meshes(scene)
    if not meshes:
        raise ValueError("the scene has no meshes to draw")
    rotation = _look(*VIEWS[view])
    parts = []
    for mesh, transform in meshes:
        world = trimesh.transform_points(mesh.vertices, transform)
        normals = _corner_normals(mesh) @ transform[:3, :3].T  # no shear in product models
        normals /= np.linalg.norm(normals, axis=2, keepdims=True)
        parts.append((world, mesh.faces, normals, _surface(mesh)))
    points = np.concatenate([world for world, *_ in parts])
    low, high = points.min(axis=0), points.max(axis=0)
    centre = (low + high) / 2
    aspect = width / height
    shift, distance = _frame(points - centre, rotation, aspect)
    model_view = np.eye(4)
    model_view[:3, :3] = rotation
    model_view[:3, 3] = -rotation @ centre - np.array([shift[0], shift[1], distance])
    radius = float(np.linalg.norm(high - low)) / 2
    projection = _perspective(aspect, max(distance - 2 * radius, distance * 0.01), distance + 3 * radius)
    up = rotation @ np.array([0.0, 1.0, 0.0])
    lights = _light_directions()
    size = (width * supersample, height * supersample)

    with _lock:
        renderer = _get_renderer()
        ctx = renderer.ctx
        with ctx:
            target = ctx.framebuffer(
                ctx.renderbuffer(size, 4, samples=MSAA), ctx.depth_renderbuffer(size, samples=MSAA)
            )
            resolved = ctx.framebuffer(ctx.renderbuffer(size, 4))
            buffers = []
            try:
                target.use()
                ctx.viewport = (0, 0, *size)
                ctx.clear(0.0, 0.0, 0.0, 0.0)
                mv = model_view.T.astype("f4").tobytes()
                pj = projection.T.astype("f4").tobytes()
                shadow = renderer.shadow
                shadow["model_view"].write(mv)
                shadow["projection"].write(pj)
                shadow["centre"].value = (float(centre[0]), float(low[1]), float(centre[2]))
                shadow["half_size"].value = (float(high[0] - low[0]) * 0.62, float(high[2] - low[2]) * 0.62)
                shadow["strength"].value = 0.28
                ctx.enable(moderngl.BLEND)
                ctx.blend_func = moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
                renderer.quad.render(moderngl.TRIANGLE_STRIP)
                ctx.disable(moderngl.BLEND)
                ctx.enable(moderngl.DEPTH_TEST)
                program = renderer.program
                program["model_view"].write(mv)
                program["projection"].write(pj)
                program["light_direction"].write(np.array([d for d, _ in lights], dtype="f4").tobytes())
                program["light_intensity"].write(np.array([i for _, i in lights], dtype="f4").tobytes())
                program["up"].value = tuple(float(v) for v in up)
                program["sky"].value = _SKY
                program["floor_light"].value = _FLOOR
                program["exposure"].value = _exposure(up)
                for world, faces, normals, (base, metallic, roughness, emissive) in parts:
                    data = np.concatenate([world[faces], normals], axis=2).astype("f4")
                    buffer = ctx.buffer(data.tobytes())
                    buffers.append(buffer)
                    program["base_colour"].value = tuple(float(c) for c in base)
                    program["metallic"].value = metallic
                    program["roughness"].value = roughness
                    program["emissive"].value = tuple(float(c) for c in emissive)
                    ctx.vertex_array(program, [(buffer, "3f 3f", "in_position", "in_normal")]).render()
                ctx.disable(moderngl.DEPTH_TEST)
                ctx.copy_framebuffer(resolved, target)
                pixels = resolved.read(components=4)
            finally:
                for buffer in buffers:
                    buffer.release()
                for framebuffer in (target, resolved):
                    for attachment in (*framebuffer.color_attachments, framebuffer.depth_attachment):
                        if attachment is not None:
                            attachment.release()
                    framebuffer.release()

    # GL rows run bottom-up; averaging the premultiplied samples is the supersampling's box filter.
    drawn = Image.frombytes("RGBA", size, pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if supersample > 1:
        drawn = drawn.reduce(supersample)
    picture = Image.new("RGBA", (width, height), tuple(background))
    picture.alpha_composite(Image.frombytes("RGBa", (width, height), drawn.tobytes()).convert("RGBA"))
    return picture
