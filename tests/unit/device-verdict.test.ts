import { describe, expect, it } from 'vitest';
import { judgeDevice, type Verdict } from '../../src/lib/device/verdict';
import { MODEL_ORDER, MODELS } from '../../src/lib/llm/models';
import type { DeviceReport } from '../../src/lib/device/report';
import { desktopGpu, laptopIntegrated, noWebGpu, phone, swiftShader } from './device-fixtures';

const models = MODEL_ORDER.map((key) => MODELS[key]);
const judge = (report: DeviceReport) => judgeDevice(report, models);
const texts = (verdict: Verdict) => verdict.reasons.map((reason) => `${reason.severity}: ${reason.text}`);
const runnable = (verdict: Verdict) => MODEL_ORDER.filter((key) => verdict.models[key].runnable);

describe('judgeDevice', () => {
  it('without WebGPU: nothing can load, and the first reason says why', () => {
    const verdict = judge(noWebGpu);
    expect(verdict.status).toBe('no-webgpu');
    expect(verdict.recommended).toBeNull();
    expect(runnable(verdict)).toEqual([]);
    expect(texts(verdict)[0]).toBe('block: This browser has no WebGPU (navigator.gpu is missing).');
    expect(verdict.headline).toMatch(/Everything else in the chapter still works/);
    expect(verdict.models['mistral-f16'].findings).toEqual([{ severity: 'block', text: 'Needs WebGPU.' }]);
  });

  it('on an insecure page it says WebGPU needs https', () => {
    const verdict = judge({ ...noWebGpu, webgpu: { status: 'unsupported', secureContext: false } });
    expect(texts(verdict)[0]).toMatch(/secure pages \(https or localhost\)/);
  });

  it('with navigator.gpu but no adapter it names the likely causes', () => {
    const verdict = judge({ ...noWebGpu, webgpu: { status: 'no-adapter' } });
    expect(verdict.status).toBe('no-webgpu');
    expect(texts(verdict)[0]).toMatch(/hardware acceleration/);
  });

  it('on SwiftShader: names the missing shader-f16, offers the 32-bit Mistral build, recommends the small model', () => {
    const verdict = judge(swiftShader);
    expect(verdict.models['mistral-f16'].runnable).toBe(false);
    expect(verdict.models['mistral-f16'].findings).toContainEqual({
      severity: 'block',
      text: 'Needs the shader-f16 feature, which this GPU does not offer.',
    });
    expect(verdict.models['mistral-f32'].runnable).toBe(true);
    expect(verdict.models.small.runnable).toBe(true);
    expect(verdict.recommended).toBe('small');
    expect(verdict.status).toBe('small');
    expect(texts(verdict)).toContain(
      'warn: shader-f16: no. Builds that compute in 16-bit floats cannot run; 32-bit builds can.',
    );
    expect(texts(verdict)[0]).toBe(
      'warn: GPU: google swiftshader, a software adapter that runs on the CPU: very slow.',
    );
    expect(texts(verdict)).toContain('ok: maxBufferSize: 1.0 GiB.');
    expect(verdict.headline).toMatch(/software adapter.*Mistral is still offered below/);
  });

  it('on a hardware GPU without shader-f16 it recommends the 32-bit Mistral build', () => {
    const hardware: DeviceReport = {
      ...desktopGpu,
      webgpu: {
        ...(desktopGpu.webgpu as Extract<DeviceReport['webgpu'], { status: 'ok' }>),
        features: ['subgroups'],
      },
    };
    const verdict = judge(hardware);
    expect(verdict.recommended).toBe('mistral-f32');
    expect(verdict.status).toBe('fallback');
    expect(verdict.headline).toBe(
      'The 16-bit build cannot run here, but the 32-bit build of Mistral-7B-Instruct v0.3 can.',
    );
  });

  it('on a laptop integrated GPU: the 16-bit build, with a warning that it takes much of the shared RAM', () => {
    const verdict = judge(laptopIntegrated);
    expect(verdict.status).toBe('ready');
    expect(verdict.recommended).toBe('mistral-f16');
    expect(verdict.models['mistral-f16'].findings).toEqual([
      {
        severity: 'warn',
        text: 'Needs about 4.5 GiB of GPU memory, a large share of the 8 GB of RAM this device reports.',
      },
    ]);
    expect(texts(verdict)).toContain('ok: This GPU shares the computer’s RAM, so RAM is also its memory.');
  });

  it('on a desktop GPU: the 16-bit build with nothing against it', () => {
    const verdict = judge(desktopGpu);
    expect(verdict.status).toBe('ready');
    expect(verdict.recommended).toBe('mistral-f16');
    expect(verdict.reasons.every((reason) => reason.severity === 'ok')).toBe(true);
    expect(verdict.models['mistral-f16'].findings).toEqual([]);
    expect(runnable(verdict)).toEqual(['mistral-f16', 'mistral-f32', 'small']);
  });

  it('on a 4 GB phone: Mistral does not fit, the small model is recommended, the narrow binding is flagged', () => {
    const verdict = judge(phone);
    expect(verdict.status).toBe('small');
    expect(verdict.recommended).toBe('small');
    expect(runnable(verdict)).toEqual(['small']);
    expect(verdict.models['mistral-f16'].findings[0]).toEqual({
      severity: 'block',
      text: 'Needs about 4.5 GiB of GPU memory; this device reports only 4 GB of RAM.',
    });
    expect(texts(verdict)).toContain(
      'warn: maxStorageBufferBindingSize is 128 MiB, under the 1 GiB WebLLM asks for; it falls back to 128 MiB and only some models work then.',
    );
    expect(verdict.headline).toMatch(/^On a phone Mistral-7B is a stretch; Qwen2.5-0.5B-Instruct/);
  });

  it('on a roomy phone it still recommends the small model but offers Mistral with a warning', () => {
    const verdict = judge({ ...phone, deviceMemoryGB: 12 });
    expect(verdict.recommended).toBe('small');
    expect(verdict.models['mistral-f16'].runnable).toBe(true);
    expect(verdict.models['mistral-f16'].findings.map((finding) => finding.severity)).toContain('warn');
  });

  it('blocks a model whose download does not fit in the storage quota', () => {
    const verdict = judge({ ...desktopGpu, storage: { quotaBytes: 3e9, usageBytes: 0, persisted: false } });
    expect(verdict.models['mistral-f16'].runnable).toBe(false);
    expect(verdict.models['mistral-f16'].findings[0]?.text).toMatch(
      /^Downloads about 3\.8 GiB, but this site may store only 2\.8 GiB more\./,
    );
    expect(verdict.recommended).toBe('small');
  });

  it('blocks everything when the GPU limits are below what WebLLM accepts', () => {
    const tiny: DeviceReport = {
      ...desktopGpu,
      webgpu: {
        ...(desktopGpu.webgpu as Extract<DeviceReport['webgpu'], { status: 'ok' }>),
        limits: {
          maxBufferSize: 128 * 2 ** 20,
          maxStorageBufferBindingSize: 64 * 2 ** 20,
          maxComputeWorkgroupStorageSize: 16384,
          maxStorageBuffersPerShaderStage: 8,
        },
      },
    };
    const verdict = judge(tiny);
    expect(verdict.status).toBe('none');
    expect(runnable(verdict)).toEqual([]);
    expect(texts(verdict).filter((text) => text.startsWith('block'))).toHaveLength(4);
  });
});
