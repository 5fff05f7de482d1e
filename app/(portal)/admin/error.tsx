'use client';
import { SegmentError } from '@/components/ui/segment-error';

export default SegmentError;
