// Moved to shared/paste/ (the CLI's explain reads pastes the same way); kept so imports of the old path still work.
export * from '../../../shared/paste/explain-playback-paste.ts';
