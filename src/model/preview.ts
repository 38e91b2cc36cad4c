/**
 * A dataset's diffraction preview as the page shows it: thumbnail, larger view and, when
 * the geometry is known, resolution rings in the view image's pixel space (labelled in Å).
 */
import type { TechnicalMetadata } from '../record/types.ts';
import { resolutionRings } from '../images/rings.ts';
import { placeRingLabels, type RingLabel } from './ring-labels.ts';

export interface PreviewImageModel {
  src: string;
  width: number;
  height: number;
}

export interface PreviewModel {
  thumb: PreviewImageModel;
  view: PreviewImageModel;
  alt: string;
  /** Beam centre and rings in view-image pixels. */
  centre: { x: number; y: number } | null;
  /** Every ring on the image; `at` is null for labels thinned out so none overlap. */
  rings: RingLabel[];
}

export function previewModel(
  thumb: PreviewImageModel,
  view: PreviewImageModel,
  technical: TechnicalMetadata,
  title: string,
  fileName: string,
): PreviewModel {
  const frameWidth = technical.width_px ?? null;
  const scale = frameWidth ? view.width / frameWidth : null;
  const bx = technical.beam_centre_x_px;
  const by = technical.beam_centre_y_px;
  const centre = scale !== null && bx != null && by != null ? { x: bx * scale, y: by * scale } : null;
  const circles = centre && scale !== null ? resolutionRings(technical).map((r) => ({ radius: r.radiusPx * scale, label: `${r.dSpacingAngstrom} Å` })) : [];
  const rings = centre ? placeRingLabels(circles, centre, view) : [];
  return {
    thumb,
    view,
    alt: `Diffraction image ${fileName}, first frame of ${title}${rings.length ? `; resolution rings from ${rings[0].label} to ${rings[rings.length - 1].label}` : ''}`,
    centre,
    rings,
  };
}
